using System.Collections.Concurrent;
using System.Threading.Channels;
using Ifcb.Datasets;
using Ifcb.Imaging;

namespace Ifcb.Training.Loop;

/// <summary>
/// Decodes, augments and preprocesses images in parallel into pooled batch buffers, a few batches ahead of the
/// consumer (bounded channel), so the model never waits on I/O. Every random draw is a pure function of
/// (seed, epoch, image index), so results do not depend on thread timing and a resumed run sees the same data.
/// </summary>
public sealed class BatchLoader
{
    private readonly IReadOnlyList<LabelledImage> _images;
    private readonly LabelledImageReader _reader;
    private readonly IReadOnlyDictionary<string, int> _classIndex;
    private readonly PreprocessOptions _preprocess;
    private readonly int _batchSize;
    private readonly int _workers;
    private readonly ConcurrentDictionary<string, string> _failures = new(StringComparer.Ordinal);

    // Exact-size buffers (ArrayPool rounds sizes up, and a tensor is built from the whole buffer).
    private readonly ConcurrentBag<float[]> _pool = [];

    /// <summary>Creates a loader over <paramref name="images"/>, whose pixels <paramref name="reader"/> loads (files or bin ROIs).</summary>
    public BatchLoader(IReadOnlyList<LabelledImage> images, LabelledImageReader reader, IReadOnlyDictionary<string, int> classIndex, PreprocessOptions preprocess, int batchSize, int workers)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(preprocess);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        _images = images;
        _reader = reader;
        _classIndex = classIndex;
        _preprocess = preprocess;
        _batchSize = batchSize;
        _workers = workers > 0 ? workers : Environment.ProcessorCount;
    }

    /// <summary>Images that could not be read (path to reason), each counted once.</summary>
    public IReadOnlyDictionary<string, string> Failures => _failures;

    /// <summary>Batches per epoch.</summary>
    public int BatchCount => (_images.Count + _batchSize - 1) / _batchSize;

    /// <summary>The images in the order served in <paramref name="epoch"/> (shuffled when asked).</summary>
    public int[] Order(int seed, int epoch, bool shuffle)
    {
        var order = Enumerable.Range(0, _images.Count).ToArray();
        if (shuffle)
        {
            new Random(Seeds.Mix(seed, epoch, 1)).Shuffle(order);
        }

        return order;
    }

    /// <summary>Streams the batches of one epoch; the consumer must <see cref="Return"/> each batch.</summary>
    public ChannelReader<Batch> Start(int seed, int epoch, bool shuffle, AugmentOptions augment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(augment);
        var order = Order(seed, epoch, shuffle);
        var channel = Channel.CreateBounded<Batch>(new BoundedChannelOptions(3)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _ = Task.Run(async () =>
        {
            try
            {
                for (var b = 0; b < BatchCount; b++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var batch = Fill(order, b, seed, epoch, augment);
                    await channel.Writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                }

                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                // Faults travel to the reader (cancellation included), so the trainer never hangs.
                channel.Writer.Complete(e);
            }
        }, CancellationToken.None);
        return channel.Reader;
    }

    /// <summary>Gives a batch's buffer back to the pool.</summary>
    public void Return(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Data.Length == _batchSize * _preprocess.TensorLength)
        {
            _pool.Add(batch.Data);
        }
    }

    private Batch Fill(int[] order, int number, int seed, int epoch, AugmentOptions augment)
    {
        var start = number * _batchSize;
        var n = Math.Min(_batchSize, order.Length - start);
        var length = _preprocess.TensorLength;
        var data = n == _batchSize && _pool.TryTake(out var pooled) ? pooled : new float[n * length];
        var batch = new Batch(data, n, length) { Number = number };
        var ok = new bool[n];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = _workers }, i =>
        {
            var index = order[start + i];
            var item = _images[index];
            GrayImage image;
            try
            {
                image = _reader.Load(item);
            }
            catch (InvalidDataException e)
            {
                _failures.TryAdd(item.Path, e.Message);
                return;
            }

            if (augment.IsActive)
            {
                image = Augmenter.Apply(image, augment, new Random(Seeds.Mix(seed, epoch, index, 2)));
            }

            Preprocessor.Preprocess(image, _preprocess, batch.Data.AsSpan(i * length, length));
            ok[i] = true;
        });

        // Compact: unreadable images leave no hole.
        var count = 0;
        for (var i = 0; i < n; i++)
        {
            if (!ok[i])
            {
                continue;
            }

            if (count != i)
            {
                batch.Data.AsSpan(i * length, length).CopyTo(batch.Data.AsSpan(count * length, length));
            }

            var index = order[start + i];
            batch.Indices[count] = index;
            batch.Labels[count] = _classIndex[_images[index].Label];
            count++;
        }

        batch.Count = count;
        return batch;
    }
}
