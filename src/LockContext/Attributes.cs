using System;

namespace LockContext
{
    /// <summary>The method runs in softirq context (a softirq handler), optionally naming the vector.</summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, Inherited = false)]
    public sealed class SoftirqContextAttribute : Attribute
    {
        public SoftirqContextAttribute() : this(SoftirqVector.Hi) { HasVector = false; }
        public SoftirqContextAttribute(SoftirqVector vector) { Vector = vector; HasVector = true; }
        public SoftirqVector Vector { get; }
        public bool HasVector { get; }
    }

    /// <summary>The method runs as an RCU callback: softirq context, vector RCU.</summary>
    [AttributeUsage(AttributeTargets.Method, Inherited = false)]
    public sealed class RcuCallbackAttribute : Attribute { }

    /// <summary>The method runs in hardirq context.</summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, Inherited = false)]
    public sealed class HardirqContextAttribute : Attribute { }

    /// <summary>The method runs in process context with bottom halves and interrupts enabled.</summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, Inherited = false)]
    public sealed class ProcessContextAttribute : Attribute { }

    /// <summary>On a lock field: names its lock class (lockdep's key). Fields with one name are one class.</summary>
    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false)]
    public sealed class LockClassAttribute : Attribute
    {
        public LockClassAttribute(string name) { Name = name; }
        public string Name { get; }
    }

    /// <summary>The method returns holding the named lock (sparse's <c>__acquires</c>).</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
    public sealed class AcquiresAttribute : Attribute
    {
        public AcquiresAttribute(string @lock) { Lock = @lock; }
        public string Lock { get; }
    }

    /// <summary>The method returns having released the named lock (sparse's <c>__releases</c>).</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
    public sealed class ReleasesAttribute : Attribute
    {
        public ReleasesAttribute(string @lock) { Lock = @lock; }
        public string Lock { get; }
    }

    /// <summary>The method expects the named lock held by its caller (sparse's <c>__must_hold</c>).</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
    public sealed class MustHoldAttribute : Attribute
    {
        public MustHoldAttribute(string @lock) { Lock = @lock; }
        public string Lock { get; }
    }

    /// <summary>The method may sleep (<c>might_sleep()</c>).</summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, Inherited = false)]
    public sealed class MightSleepAttribute : Attribute { }

    /// <summary>
    /// The data is protected by the named lock (the kernel's <c>__guarded_by</c>): reading it needs
    /// the lock held in any mode, writing it needs the lock held exclusively. The name is a lock
    /// field or property of the same object, a static lock (<c>"Type.Field"</c>), or a path from
    /// the declaring object (<c>"Owner.Lock"</c>). On an <see cref="RcuPointer{T}"/> field it guards
    /// the pointer's updates and <c>RcuDereferenceProtected</c>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false)]
    public sealed class GuardedByAttribute : Attribute
    {
        public GuardedByAttribute(string @lock) { Lock = @lock; }
        public string Lock { get; }
    }

    /// <summary>
    /// A conditional acquire (the kernel's <c>__cond_acquires</c>): the method returns holding the
    /// named lock when it returns <see cref="Result"/>, and not holding it otherwise.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
    public sealed class AcquiresWhenAttribute : Attribute
    {
        public AcquiresWhenAttribute(bool result, string @lock) { Result = result; Lock = @lock; }
        public bool Result { get; }
        public string Lock { get; }
    }
}
