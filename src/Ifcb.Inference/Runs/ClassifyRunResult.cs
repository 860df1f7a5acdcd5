using Ifcb.Inference.Models;
using Ifcb.Inference.Pipeline;

namespace Ifcb.Inference.Runs;

/// <summary>What a run did: the model, the manifest used, the bins in this shard, and the pipeline's result.</summary>
public sealed record ClassifyRunResult(ModelDescription Model, RunManifest Manifest, int BinsInShard, ClassifyResult Pipeline, IReadOnlyList<string>? Notes = null);
