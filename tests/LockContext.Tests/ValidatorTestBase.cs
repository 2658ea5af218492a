using System;
using static LockContext.Kernel;

namespace LockContext.Tests
{
    /// <summary>A validator test: each starts from a reset graph with a collecting sink, and leaves the validator off.</summary>
    public abstract class ValidatorTestBase : IDisposable
    {
        protected readonly CollectingSink sink = LockdepSink.Collect();

        protected ValidatorTestBase()
        {
            TakeOopses(); // other tests' oopses are not this test's
            Lockdep.Reset();
            Lockdep.Enable(sink);
        }

        public void Dispose()
        {
            Lockdep.Disable();
            Lockdep.Reset();
            TakeOopses();
        }
    }
}
