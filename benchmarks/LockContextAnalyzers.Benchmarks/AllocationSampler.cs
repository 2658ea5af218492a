using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.Linq;

/// <summary>
/// What a phase allocates, by type: the runtime's AllocationTick events (one per ~100 KB allocated,
/// naming the type of the object that crossed the mark), counted while <see cref="Enabled"/>.
/// A sample, not an exact count: types allocated in small amounts may not appear. `--phases` uses
/// it for the walk when LCA_PHASES_ALLOCATIONS=1.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> bytes = new ConcurrentDictionary<string, long>();

    public bool Enabled { get; set; }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!Enabled || e.EventName != "GCAllocationTick_V4" || e.Payload == null) return;
        int name = e.PayloadNames!.IndexOf("TypeName"), amount = e.PayloadNames.IndexOf("AllocationAmount64");
        if (name < 0 || amount < 0) return;
        bytes.AddOrUpdate((string)e.Payload[name]!, Convert.ToInt64(e.Payload[amount]), (_, b) => b + Convert.ToInt64(e.Payload[amount]));
    }

    /// <summary>The types that took most, in MB, largest first.</summary>
    public IEnumerable<string> Top(int count) =>
        bytes.OrderByDescending(kv => kv.Value).Take(count).Select(kv => $"{kv.Value / 1e6,7:F1} MB  {kv.Key}");
}
