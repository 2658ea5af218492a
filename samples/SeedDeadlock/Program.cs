using WitDriver;

Witdriver.ModuleInit();
var flow = new WitFlow { Inode = new WitInode() };
flow.Rcu.Owner = flow;
Witdriver.WitUnrefFlow(flow);
Thread.Sleep(300);
Witdriver.ModuleExit();
Console.WriteLine("The model ran. The run-time validator (switch LockContext.Lockdep in SeedDeadlock.csproj) logs the bug above to stderr when both sides ran; the analyzer reports it at build time, whether or not they ran.");
