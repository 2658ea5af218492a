using WitDriver;

Witdriver.ModuleInit();
var flow = new WitFlow { Inode = new WitInode() };
flow.Rcu.Owner = flow;
Witdriver.WitUnrefFlow(flow);
Thread.Sleep(300);
Witdriver.ModuleExit();
Console.WriteLine("The model ran; the deadlock needs a softirq on the holder's CPU, which the analyzer finds statically.");
