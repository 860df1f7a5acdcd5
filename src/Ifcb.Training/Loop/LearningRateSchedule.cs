namespace Ifcb.Training.Loop;

/// <summary>The learning rate as a pure function of the optimiser step (so resuming needs only the step count).</summary>
public sealed class LearningRateSchedule(ScheduleKind kind, double peak, long totalSteps, long warmupSteps)
{
    /// <summary>Learning rate for the 0-based <paramref name="step"/>.</summary>
    public double At(long step)
    {
        var warm = kind == ScheduleKind.OneCycle && warmupSteps == 0 ? (long)(0.3 * totalSteps) : warmupSteps;
        if (step < warm)
        {
            // One-cycle starts at peak / 25 like PyTorch's OneCycleLR; plain warm-up starts near zero.
            var start = kind == ScheduleKind.OneCycle ? peak / 25 : 0;
            return start + ((peak - start) * (step + 1) / warm);
        }

        if (kind == ScheduleKind.Constant)
        {
            return peak;
        }

        var span = Math.Max(1, totalSteps - warm);
        var t = Math.Clamp((double)(step - warm) / span, 0, 1);
        return peak * 0.5 * (1 + Math.Cos(Math.PI * t));
    }
}
