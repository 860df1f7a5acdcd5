// libtorch's default random generator is process-wide: the trainer seeds it (torch.random.manual_seed) before it
// initialises a model and at each epoch, and the determinism tests (resume after a stop = an uninterrupted run)
// need nothing else to draw from it in between. Test classes running in parallel would (model construction,
// randn inputs, dropout), so this assembly runs its test classes one after another. A training process runs one
// trainer, so the product itself is not affected.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
