namespace LockContextAnalyzers.CrossAssembly
{
    /// <summary>A place in the library's source: file (relative to the common folder of its sources), 1-based line and column.</summary>
    internal readonly struct FactPlace
    {
        public FactPlace(string file, int line, int column)
        {
            File = file;
            Line = line;
            Column = column;
        }

        public string File { get; }
        public int Line { get; }
        public int Column { get; }
    }
}
