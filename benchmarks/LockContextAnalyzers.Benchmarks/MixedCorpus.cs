using System.Text;

namespace LockContextAnalyzers.Benchmarks;

/// <summary>
/// A project where the model is 5% of the code: the kernel-style corpus of
/// <see cref="CorpusGenerator"/> for 5% of the methods, and ordinary application C# for the rest
/// (collections, LINQ, lambdas, string formatting, records, async, exceptions), deterministic from
/// a seed. The ordinary code never reaches the model, so a cheap analysis should not pay for it.
/// </summary>
public static class MixedCorpus
{
    public static CorpusGenerator.Corpus Generate(int methods, int seed = 7)
    {
        // At least four modules, so that even a small project has a planted finding (module 3).
        var kernel = CorpusGenerator.Generate(Math.Max(4 * CorpusGenerator.MethodsPerModule, methods / 20));
        var random = new Random(seed);
        var files = new List<(string, string)>(kernel.Files);
        int written = kernel.Methods;
        for (int f = 0; written < methods; f++)
        {
            var (text, count) = OrdinaryFile(f, random);
            files.Add(($"App{f}.cs", text));
            written += count;
        }
        return new CorpusGenerator.Corpus(files, written, kernel.PlantedLca0001, kernel.PlantedLca0002);
    }

    private static (string Text, int Methods) OrdinaryFile(int f, Random random)
    {
        var sb = new StringBuilder($$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Text;
            using System.Threading.Tasks;
            namespace App;

            public sealed record Order{{f}}(int Id, string Customer, decimal Amount, DateTime When);

            public sealed class Service{{f}}
            {
                private readonly Dictionary<int, Order{{f}}> orders = new();
                private readonly List<string> log = new();
                private int version;

            """);
        const int count = 40;
        for (int i = 0; i < count; i++)
        {
            string next = i + 1 < count ? $"M{i + 1}" : null!;
            string call = next == null ? "" : $" _ = {next}(x + {i});";
            string body = random.Next(8) switch
            {
                0 => $"var top = orders.Values.Where(o => o.Amount > x).OrderByDescending(o => o.When).Take(5).Select(o => o.Customer).ToList(); log.AddRange(top);{call} return top.Count;",
                1 => $"var sb = new StringBuilder(); foreach (var o in orders.Values) sb.Append($\"{{o.Id}}:{{o.Customer}};\"); log.Add(sb.ToString());{call} return sb.Length;",
                2 => $"if (!orders.TryGetValue(x, out var o)) {{ o = new Order{f}(x, \"c\" + x, x * 1.5m, DateTime.UnixEpoch.AddDays(x)); orders[x] = o; }}{call} return o.Id;",
                3 => $"try {{ var parts = string.Join(\",\", log).Split(','); version += parts.Length;{call} }} catch (FormatException e) {{ log.Add(e.Message); }} return version;",
                4 => $"var groups = orders.Values.GroupBy(o => o.Customer).ToDictionary(g => g.Key, g => g.Sum(o => o.Amount));{call} return groups.Count + x;",
                5 => $"Func<int, int> twice = y => y * 2; var xs = Enumerable.Range(0, x % 16).Select(twice).ToArray();{call} return xs.Sum();",
                6 => $"using var e = log.GetEnumerator(); int n = 0; while (e.MoveNext()) n += e.Current.Length;{call} return n;",
                _ => $"switch (x % 3) {{ case 0: version++; break; case 1: version--; break; default:{call} break; }} return version;",
            };
            sb.Append($"    public int M{i}(int x) {{ {body} }}\n");
        }
        sb.Append("""
                public async Task<int> LoadAsync(int x) { await Task.Yield(); return M0(x); }
            }

            """);
        return (sb.ToString(), count + 1);
    }
}
