namespace LockContextAnalyzers.CodeFixes
{
    /// <summary>
    /// The names of the model's lock calls as a family (Spin, Read, Write), a role (Lock, Unlock,
    /// Trylock) and a variant suffix ("", Bh, Irq, IrqSave / IrqRestore), so fixes can move a
    /// call between variants without a table per fix.
    /// </summary>
    internal static class LockForms
    {
        private static readonly string[] Families = { "Spin", "Read", "Write" };

        public static bool TryParse(string name, out string family, out string role, out string suffix)
        {
            foreach (var f in Families)
            {
                if (!name.StartsWith(f, System.StringComparison.Ordinal)) continue;
                var rest = name.Substring(f.Length);
                foreach (var r in new[] { "Unlock", "Trylock", "Lock" })
                {
                    if (!rest.StartsWith(r, System.StringComparison.Ordinal)) continue;
                    var s = rest.Substring(r.Length);
                    if (s is "" or "Bh" or "Irq" or "IrqSave" or "IrqRestore")
                    {
                        family = f;
                        role = r;
                        suffix = s;
                        return true;
                    }
                }
            }
            family = role = suffix = "";
            return false;
        }

        private const string GuardPrefix = "Guard.";

        public static bool IsGuard(string api) => api.StartsWith(GuardPrefix, System.StringComparison.Ordinal);

        /// <summary>
        /// "Switch to X": the acquisition <paramref name="api"/> ("SpinLock", "Guard.SpinLock") renamed
        /// by <paramref name="rename"/>, keeping the guard prefix; null where <paramref name="rename"/> has no form.
        /// </summary>
        public static string? SwitchTitle(string api, System.Func<string, string?> rename)
        {
            bool guard = IsGuard(api);
            var renamed = rename(guard ? api.Substring(GuardPrefix.Length) : api);
            return renamed == null ? null : "Switch to " + (guard ? GuardPrefix : "") + renamed;
        }

        /// <summary>The irqsave form of an acquisition ("SpinLock" -> "SpinLockIrqSave"); null for trylocks.</summary>
        public static string? IrqSaveForm(string name) =>
            TryParse(name, out var family, out var role, out _) && role == "Lock" ? family + "LockIrqSave" : null;

        /// <summary>The same call in another variant ("" or "Bh"), or null where the model has no such call.</summary>
        public static string? WithVariant(string name, string variant)
        {
            if (!TryParse(name, out var family, out var role, out _)) return null;
            if (role == "Trylock" && (family != "Spin" || (variant != "" && variant != "Bh"))) return null;
            return family + role + variant;
        }
    }
}
