#!/usr/bin/env bash
# End to end, as a user meets the package: pack it under a unique pre-release version (a reused
# version is served stale from the NuGet cache), install it into a fresh console project, and
# check the build warnings, `dotnet format` fixes, severity configuration, suppressions and SARIF.
# Usage: bash tests/e2e/install-and-use.sh   (from anywhere; needs the .NET SDK and the NuGet feed)
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version="0.1.0-e2e.$(date +%s).$$"
passed=0; failed=0
check() { # check NAME COMMAND...: one assertion
  local name=$1; shift
  if "$@" >/dev/null 2>&1; then passed=$((passed+1)); echo "ok   $name"; else failed=$((failed+1)); echo "FAIL $name"; fi
}

echo "packing LockContextAnalyzers $version"
dotnet pack "$repo/src/LockContextAnalyzers.Package" -c Release -o "$work/feed" -p:Version="$version" >"$work/pack.log" 2>&1 \
  || { cat "$work/pack.log"; exit 1; }

mkdir "$work/app" && cd "$work/app"
dotnet new console --force >/dev/null 2>&1
cat > nuget.config <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML
dotnet add package LockContextAnalyzers --version "$version" >"$work/add.log" 2>&1 || { cat "$work/add.log"; exit 1; }

write_seed() {
cat > Driver.cs <<'CS'
using LockContext;
using static LockContext.Kernel;

static class Driver
{
    static readonly Spinlock InodeLock = new Spinlock();
    static readonly Spinlock RingLock = new Spinlock();
    public static void Init()
    {
        KthreadRun(_ => { Prune(); return 0; }, null, "kflow_gcd");
        RequestIrq(9, (irq, dev) => { SpinLock(RingLock); SpinUnlock(RingLock); return IrqReturn.Handled; }, "nic", null);
    }
    static void Prune()
    {
        SpinLock(InodeLock);
        SpinUnlock(InodeLock);
    }
    public static void Unref(RcuHead h) => CallRcu(h, Release);
    static void Release(RcuHead h) { SpinLock(InodeLock); SpinUnlock(InodeLock); }
    public static void Xmit()
    {
        SpinLockBh(RingLock);
        SpinUnlockBh(RingLock);
    }
}
CS
}
build() { dotnet build --no-incremental "$@" 2>&1; }

write_seed
out=$(build)
check "build: LCA0001 at Driver.cs(15,9)" grep -q "Driver.cs(15,9): warning LCA0001: Lock 'Driver.InodeLock' is taken with softirqs enabled in 'Prune'" <<<"$out"
check "build: message names the softirq side and the registration" grep -q "in softirq context in 'Release' at Driver.cs:19 (RCU callback registered by CallRcu at Driver.cs:18)" <<<"$out"
check "build: LCA0002 at Driver.cs(22,9)" grep -q "Driver.cs(22,9): warning LCA0002: Lock 'Driver.RingLock'" <<<"$out"
check "build: nothing else from LockContext" test "$(grep -o 'warning LCA[0-9]*' <<<"$out" | sort -u | wc -l)" -eq 2

# A real language server, driven over stdio as an editor does: the squiggle's exact range.
if dotnet tool install csharp-ls --version 0.28.0 --tool-path "$work/tools" >"$work/tool.log" 2>&1; then
  lsp=$(python3 "$repo/tests/e2e/lsp_squiggle.py" "$work/tools/csharp-ls" "$work/app" "$work/app/Driver.cs" 240 2>&1)
  check "language server (csharp-ls): LCA0001 squiggle on SpinLock(InodeLock), line 15, columns 9-27" \
    grep -q '"code": "LCA0001", "range": {"start": {"line": 14, "character": 8}, "end": {"line": 14, "character": 27}}' <<<"$lsp"
else
  failed=$((failed+1)); echo "FAIL language server: csharp-ls 0.28.0 did not install"; cat "$work/tool.log"
fi

build -p:ErrorLog="$work/out.sarif%2Cversion=2.1" >/dev/null
check "sarif: LCA0001 result with related locations" python3 - "$work/out.sarif" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
results = [r for run in log["runs"] for r in run.get("results", []) if r.get("ruleId") == "LCA0001"]
assert results and len(results[0].get("relatedLocations", [])) >= 2, results
PY

cat > Pool.cs <<'CS'
using LockContext;
using static LockContext.Kernel;

static class Pool
{
    static readonly Spinlock PoolLock = new Spinlock();
    public static void Start() => HrtimerSetup(new HrTimer(), Notify, HrTimerMode.Rel);
    static HrTimerRestart Notify(HrTimer t)
    {
        SpinLockBh(PoolLock);
        SpinUnlockBh(PoolLock);
        return HrTimerRestart.Restart;
    }
}
CS
out=$(build)
check "build: LCA0003 at Pool.cs(10,9) (the seed's hrtimer)" grep -q "Pool.cs(10,9): warning LCA0003: SpinLockBh of lock 'Pool.PoolLock' runs in hardirq context" <<<"$out"
dotnet format analyzers --diagnostics LCA0003 --severity warn >"$work/format3.log" 2>&1
check "dotnet format LCA0003: SpinLockIrqSave with flags written in the hrtimer" grep -q "var flags = SpinLockIrqSave(PoolLock);" Pool.cs

dotnet format analyzers --diagnostics LCA0001 --severity warn >"$work/format1.log" 2>&1
check "dotnet format LCA0001: SpinLockBh and SpinUnlockBh written" grep -q "SpinLockBh(InodeLock);" Driver.cs
dotnet format analyzers --diagnostics LCA0002 --severity warn >"$work/format2.log" 2>&1
check "dotnet format LCA0002: SpinLockIrqSave with flags written" grep -q "var flags = SpinLockIrqSave(RingLock);" Driver.cs
out=$(build)
check "after the fixes: no LockContext warning, and it builds" bash -c '! grep -q "warning LCA" <<<"$1" && grep -q "Build succeeded" <<<"$1"' _ "$out"

rm -f Pool.cs
write_seed
printf 'root = true\n[*.cs]\ndotnet_diagnostic.LCA0001.severity = error\n' > .editorconfig
out=$(build)
check ".editorconfig severity = error fails the build" grep -q "error LCA0001" <<<"$out"
printf 'root = true\n[*.cs]\ndotnet_diagnostic.LCA0001.severity = none\n' > .editorconfig
out=$(build)
check ".editorconfig severity = none silences LCA0001" bash -c '! grep -q "LCA0001" <<<"$1"' _ "$out"
rm .editorconfig

sed -i '15s|.*|#pragma warning disable LCA0001\n        SpinLock(InodeLock);\n#pragma warning restore LCA0001|' Driver.cs
out=$(build)
check "#pragma warning disable LCA0001 works" bash -c '! grep -q "warning LCA0001" <<<"$1"' _ "$out"

write_seed
sed -i 's|    static void Prune()|    [System.Diagnostics.CodeAnalysis.SuppressMessage("LockContext", "LCA0001", Justification = "e2e")]\n    static void Prune()|' Driver.cs
out=$(build)
check "[SuppressMessage] works" bash -c '! grep -q "warning LCA0001" <<<"$1"' _ "$out"

# What an IDE's light bulb does (MSBuildWorkspace + the package's CodeFixProvider): the title,
# one fix, Fix All in the project, files written back; then the command-line build agrees.
write_seed
cp Driver.cs Driver2.cs && sed -i 's/static class Driver/static class Driver2/' Driver2.cs
if dotnet build "$repo/tests/e2e/LightBulb" -c Release -o "$work/lightbulb" >"$work/lightbulb-build.log" 2>&1; then
  lightbulb=$(dotnet "$work/lightbulb/LightBulb.dll" "$work/app/app.csproj" 2>&1)
  echo "$lightbulb" | sed 's/^/  light bulb: /'
  check "light bulb: every step passed" bash -c '! grep -q "^FAIL" <<<"$1" && grep -q "files back" <<<"$1"' _ "$lightbulb"
  out=$(build)
  check "light bulb: the fixed project builds without LCA0001" bash -c '! grep -q "warning LCA0001" <<<"$1" && grep -q "Build succeeded" <<<"$1"' _ "$out"
else
  failed=$((failed+1)); echo "FAIL light bulb: the MSBuildWorkspace host did not build"; tail -20 "$work/lightbulb-build.log"
fi

# Whole solutions: the seed's deadlock split over a library (Core) and the driver that references
# it, by project reference (the driver compiles against Core's reference assembly) and by package.
mkdir -p "$work/sln/Core" "$work/sln/Driver" "$work/sln/PackagedDriver"
cp "$work/app/nuget.config" "$work/sln/"
cat > "$work/sln/Core/Core.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><PackageId>E2eCore</PackageId></PropertyGroup>
  <ItemGroup><PackageReference Include="LockContextAnalyzers" Version="$version" /></ItemGroup>
</Project>
XML
cat > "$work/sln/Core/FlowTable.cs" <<'CS'
using LockContext;
using static LockContext.Kernel;

namespace Core
{
    public class FlowTable
    {
        private readonly Spinlock _lock = new Spinlock();
        private readonly TimerList timer = new TimerList();
        public void Start() { TimerSetup(timer, Expire); ModTimer(timer, Jiffies + 10); }
        private void Expire(TimerList t) => Insert(0);
        public void Insert(int key)
        {
            SpinLock(_lock);
            SpinUnlock(_lock);
        }
    }

    public class Stats
    {
        private readonly Spinlock _lock = new Spinlock();
        public int Count() { SpinLock(_lock); SpinUnlock(_lock); return 0; }
        public int Read() { SpinLock(_lock); SpinUnlock(_lock); return 0; }
    }
}
CS
write_driver() { # write_driver DIR REFERENCE-XML
cat > "$1/Driver.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageReference Include="LockContextAnalyzers" Version="$version" />$2</ItemGroup>
</Project>
XML
cat > "$1/Driver.cs" <<'CS'
using LockContext;
using static LockContext.Kernel;

static class Driver
{
    static readonly Core.FlowTable table = new Core.FlowTable();
    static readonly Core.Stats stats = new Core.Stats();
    public static void Main()
    {
        KthreadRun(_ => { table.Insert(1); return 0; }, null, "kflowd");
    }
    public static void Unref(RcuHead h) => CallRcu(h, Release);
    static void Release(RcuHead h) { stats.Count(); }
}
CS
}
cd "$work/sln"
out=$(dotnet build --no-incremental Core 2>&1)
check "solution: the library alone builds without LockContext warnings" bash -c '! grep -q "warning LCA" <<<"$1" && grep -q "Build succeeded" <<<"$1"' _ "$out"
write_driver Driver '<ProjectReference Include="../Core/Core.csproj" />'
out=$(dotnet build --no-incremental Driver 2>&1)
check "solution (project reference): LCA0001 at the driver's call table.Insert(1), Driver.cs(10,27)" \
  grep -q "Driver.cs(10,27): warning LCA0001: Lock 'FlowTable._lock' is taken with softirqs enabled in 'FlowTable.Insert (Core)' at FlowTable.cs:14" <<<"$out"
check "solution (project reference): the message names Core's timer callback and where it was registered" \
  grep -q "in softirq context in 'FlowTable.Expire (Core)' at FlowTable.cs:14 (timer callback registered by TimerSetup at FlowTable.cs:10)" <<<"$out"
check "solution (project reference): LCA0001 at the RCU callback's stats.Count(), Driver.cs(13,38)" \
  grep -q "Driver.cs(13,38): warning LCA0001: Lock 'Stats._lock'" <<<"$out"
# The same solution in a language server (an IDE's project reference is the library's live
# compilation): the two squiggles, then, after an edit to the library that nobody built, one.
if [ -x "$work/tools/csharp-ls" ]; then
  dotnet new sln -n Whole --format sln >/dev/null 2>&1 && dotnet sln Whole.sln add Core/Core.csproj Driver/Driver.csproj >/dev/null 2>&1
  lsp=$(python3 "$repo/tests/e2e/lsp_squiggle.py" "$work/tools/csharp-ls" "$work/sln" "$work/sln/Driver/Driver.cs" 240 2>&1)
  check "solution in a language server: squiggles at both calls into Core" bash -c \
    'grep -q "\"line\": 9, \"character\": 26" <<<"$1" && grep -q "\"line\": 12, \"character\": 37" <<<"$1"' _ "$lsp"
  cp Core/FlowTable.cs "$work/FlowTable.cs.orig"
  python3 - Core/FlowTable.cs <<'PY'
import sys
p = sys.argv[1]; s = open(p).read()
open(p, "w").write(s.replace("            SpinLock(_lock);\n            SpinUnlock(_lock);", "            SpinLockBh(_lock);\n            SpinUnlockBh(_lock);", 1))
PY
  lsp=$(python3 "$repo/tests/e2e/lsp_squiggle.py" "$work/tools/csharp-ls" "$work/sln" "$work/sln/Driver/Driver.cs" 240 2>&1)
  check "solution in a language server: after Insert takes SpinLockBh in Core (not built), only the Stats squiggle" bash -c \
    '! grep -q "\"line\": 9, \"character\": 26" <<<"$1" && grep -q "\"line\": 12, \"character\": 37" <<<"$1"' _ "$lsp"
  cp "$work/FlowTable.cs.orig" Core/FlowTable.cs
fi
dotnet pack Core -c Release -o "$work/feed" -p:Version="$version" >"$work/pack-core.log" 2>&1 || cat "$work/pack-core.log"
write_driver PackagedDriver "<PackageReference Include=\"E2eCore\" Version=\"$version\" />"
out=$(dotnet build --no-incremental PackagedDriver 2>&1)
check "solution (package reference): the same two LCA0001 at the driver's lines" \
  bash -c 'grep -q "Driver.cs(10,27): warning LCA0001" <<<"$1" && grep -q "Driver.cs(13,38): warning LCA0001" <<<"$1"' _ "$out"
cd "$work/app"

echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
