using System.Net;
using System.Text;
using LockContextAnalyzers;
using LockContextAnalyzers.Interprocedural;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

// Loads a project with MSBuildWorkspace (no build needed), runs the analysis engine, and writes
if (args.Length < 2) { Console.Error.WriteLine("usage: LockGraph PROJECT.csproj OUTDIR"); return 2; }
// lock-graph.html (the picture, plus each finding with both of its sides).
// lock-graph.svg (classes, their usage marks, the lock-order edges, findings in red) and
using var workspace = MSBuildWorkspace.Create();
var project = await workspace.OpenProjectAsync(args[0]);
var compilation = (await project.GetCompilationAsync())!;
var api = KernelApi.TryCreate(compilation);
if (api == null) { Console.Error.WriteLine("the project does not reference LockContext"); return 1; }
var findings = CompilationFindings.Compute(compilation, api, AnalysisOptions.Default, CancellationToken.None);
var analysis = findings.Analysis!; // Compute always returns it; only the per-compilation cache drops it
var diagnostics = compilation.SyntaxTrees.SelectMany(t => findings.In(t)).ToList();
Directory.CreateDirectory(args[1]);
var svg = Draw.Svg(analysis, diagnostics);
File.WriteAllText(Path.Combine(args[1], "lock-graph.svg"), svg);
File.WriteAllText(Path.Combine(args[1], "lock-graph.html"), Draw.Html(project.Name, svg, diagnostics));
Console.WriteLine($"{analysis.Classes.Count} lock classes, {analysis.Edges.Count} order edges, {diagnostics.Count} findings -> {args[1]}");
return 0;

static class Draw
{
    private static readonly (Mark Mark, string Label, string Color)[] Marks =
    {
        (Mark.InHardirq, "IN-HARDIRQ", "#b91c1c"),
        (Mark.InSoftirq, "IN-SOFTIRQ", "#c2410c"),
        (Mark.HardirqOn, "HARDIRQ-ON", "#1d4ed8"),
        (Mark.SoftirqOn, "SOFTIRQ-ON", "#0369a1"),
    };

    public static string Svg(LockAnalysis analysis, IReadOnlyList<Diagnostic> diagnostics)
    {
        var classes = analysis.Classes;
        var flagged = new HashSet<string>(diagnostics.SelectMany(d => classes.Where(c => d.GetMessage().Contains($"'{c.Name}'")).Select(c => c.Name)));
        const int boxW = 420, boxH = 112, gap = 50;
        var guards = Guarded(analysis);
        int columns = Math.Max(1, Math.Min(2, classes.Count));
        int rows = (classes.Count + columns - 1) / columns;
        int width = columns * (boxW + gap) + gap, top = Math.Max(1, rows) * (boxH + gap) + 40;
        int height = top + gap + 24 + 18 * diagnostics.Count;
        var at = new Dictionary<int, (int X, int Y)>();
        for (int i = 0; i < classes.Count; i++) at[classes[i].Id] = (gap + (i % columns) * (boxW + gap), 40 + gap + (i / columns) * (boxH + gap));

        var sb = new StringBuilder();
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        sb.Append("<defs><marker id=\"arrow\" markerWidth=\"10\" markerHeight=\"8\" refX=\"10\" refY=\"4\" orient=\"auto\"><path d=\"M0,0 L10,4 L0,8 z\" fill=\"#555\"/></marker></defs>\n");
        sb.Append($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        sb.Append($"<text x=\"{gap}\" y=\"28\" font-size=\"15\" font-weight=\"bold\">Lock classes, their lockdep usage marks, and lock order (red: in a finding)</text>\n");
        foreach (var e in analysis.Edges.GroupBy(e => (e.From.Id, e.To.Id)).Select(g => g.First()))
        {
            if (!at.TryGetValue(e.From.Id, out var a) || !at.TryGetValue(e.To.Id, out var b)) continue;
            if (e.From.Id == e.To.Id)
                sb.Append($"<path d=\"M{a.X + boxW - 30},{a.Y} C{a.X + boxW + 20},{a.Y - 40} {a.X + boxW + 40},{a.Y + 20} {a.X + boxW},{a.Y + 30}\" stroke=\"#555\" fill=\"none\" marker-end=\"url(#arrow)\"/>\n");
            else
                sb.Append($"<line x1=\"{a.X + boxW / 2}\" y1=\"{a.Y + boxH / 2}\" x2=\"{b.X + boxW / 2}\" y2=\"{b.Y + boxH / 2}\" stroke=\"#555\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>\n");
        }
        foreach (var c in classes)
        {
            var (x, y) = at[c.Id];
            bool bad = flagged.Contains(c.Name);
            sb.Append($"<rect x=\"{x}\" y=\"{y}\" width=\"{boxW}\" height=\"{boxH}\" rx=\"8\" fill=\"{(bad ? "#fef2f2" : "#f8fafc")}\" stroke=\"{(bad ? "#dc2626" : "#64748b")}\" stroke-width=\"{(bad ? 2.5 : 1)}\"/>\n");
            sb.Append($"<text x=\"{x + 10}\" y=\"{y + 20}\" font-weight=\"bold\">{Esc(c.Name)}</text>\n");
            int line = 0;
            foreach (var (mark, label, color) in Marks)
            {
                var witnesses = analysis.Marks.Of(c, mark);
                if (witnesses.Count == 0) continue;
                var first = witnesses[0];
                sb.Append($"<text x=\"{x + 10}\" y=\"{y + 38 + 14 * line}\" fill=\"{color}\">{label}: {Esc(first.CallPath.Method.DisplayName)} @ {Esc(EntryPoints.Where(first.Location))}{(witnesses.Count > 1 ? $" (+{witnesses.Count - 1})" : "")}</text>\n");
                line++;
            }
            if (guards.TryGetValue(c.Id, out var data))
                sb.Append($"<text x=\"{x + 10}\" y=\"{y + 38 + 14 * line}\" fill=\"#166534\">guards: {Esc(string.Join(", ", data.Take(4)))}{(data.Count > 4 ? $" (+{data.Count - 4})" : "")}</text>\n");
        }
        // Each finding's two sides: where it is reported, and the other side's first location.
        sb.Append($"<text x=\"{gap}\" y=\"{top + gap}\" font-size=\"14\" font-weight=\"bold\">Findings: here, and the other side</text>\n");
        int row = 0;
        foreach (var d in diagnostics.OrderBy(d => d.Id))
        {
            var other = d.AdditionalLocations.Count > 0 ? EntryPoints.Where(d.AdditionalLocations[0]) : "-";
            sb.Append($"<text x=\"{gap}\" y=\"{top + gap + 22 + 18 * row++}\" fill=\"#b91c1c\">{d.Id}  {Esc(EntryPoints.Where(d.Location))}  \u2194  {Esc(other)}   {Esc(d.Descriptor.Title.ToString())}</text>\n");
        }
        sb.Append("</svg>\n");
        return sb.ToString();
    }

    public static string Html(string project, string svg, IReadOnlyList<Diagnostic> diagnostics)
    {
        var sb = new StringBuilder();
        sb.Append($"<!doctype html><html><head><meta charset=\"utf-8\"><title>Lock graph of {Esc(project)}</title>");
        sb.Append("<style>body{font-family:sans-serif;margin:2em} li{margin:.8em 0} .id{font-weight:bold;color:#b91c1c} .side{color:#334155}</style></head><body>");
        sb.Append($"<h1>Lock graph of {Esc(project)}</h1>").Append(svg).Append("<h2>Findings</h2><ol>");
        foreach (var d in diagnostics.OrderBy(d => d.Id).ThenBy(d => d.Location.GetLineSpan().Path))
        {
            sb.Append($"<li><span class=\"id\">{d.Id}</span> at {Esc(EntryPoints.Where(d.Location))}: {Esc(d.GetMessage())}");
            if (d.AdditionalLocations.Count > 0)
                sb.Append("<div class=\"side\">other side: ").Append(string.Join(", ", d.AdditionalLocations.Select(l => Esc(EntryPoints.Where(l))))).Append("</div>");
            sb.Append("</li>");
        }
        sb.Append("</ol></body></html>\n");
        return sb.ToString();
    }

    /// <summary>Per lock class, the data its accesses name: [GuardedBy] fields and properties, RCU pointers updated under it.</summary>
    private static Dictionary<int, List<string>> Guarded(LockAnalysis analysis)
    {
        var byClass = new Dictionary<int, List<string>>();
        foreach (var site in analysis.Summaries.SelectMany(m => m.GuardedSites))
        {
            if (site.Subject.Length == 0) continue;
            foreach (var c in analysis.Locks.Resolve(site.Lock, null))
            {
                if (!byClass.TryGetValue(c.Id, out var list)) byClass[c.Id] = list = new List<string>();
                if (!list.Contains(site.Subject)) list.Add(site.Subject);
            }
        }
        return byClass;
    }

    private static string Esc(string s) => WebUtility.HtmlEncode(s);
}
