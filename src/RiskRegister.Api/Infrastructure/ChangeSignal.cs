namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// Says that a change to the register (a write with history) committed in this process, so a worker that follows the
/// history (the webhook dispatcher) wakes at once instead of at its next poll. Changes committed by another instance are
/// not signalled here; the worker's poll still finds them.
/// </summary>
public sealed class ChangeSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next change committed after it was read: read it before looking, then wait on it.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>A change committed: wakes every waiter, and the next <see cref="Next"/> waits for the one after.</summary>
    public void Raise() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
