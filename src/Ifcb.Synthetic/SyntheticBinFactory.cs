using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Ifcb.Synthetic;

/// <summary>
/// Generates one realistic v2 (McLane) bin: a class mix with a few dominant and some rare classes,
/// triggers spread over a ~20-minute run, some triggers without an image and some with several ROIs,
/// cumulative run and inhibit times that give a plausible volume, and a header that agrees with the ADC.
/// </summary>
public static class SyntheticBinFactory
{
    private const int CameraWidth = 1380;
    private const int CameraHeight = 1034;

    // PMT-C and PMT-D peaks: fixed values, as the instrument writes them.
    private static readonly string PeakC = 0.1961f.ToString("R", CultureInfo.InvariantCulture);
    private static readonly string PeakD = 0.1954f.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Generates bin number <paramref name="binIndex"/> of the archive that <paramref name="options"/> describe.</summary>
    public static SyntheticBin Create(SyntheticArchiveOptions options, int binIndex)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var layout = Layout(options, binIndex);

        // Paint the images in parallel; each has its own seed, so the result does not depend on scheduling.
        var lines = layout.Lines;
        var images = new SyntheticImage?[lines];
        Parallel.For(0, lines, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, i =>
        {
            if (layout.LineClass[i] >= 0)
            {
                images[i] = PlanktonPainter.Paint(layout.LineClass[i], layout.RoiSeed(i));
            }
        });

        var sizes = new RoiSize[lines];
        var rois = new List<SyntheticRoi>(layout.Images);
        for (var i = 0; i < lines; i++)
        {
            if (images[i] is { } image)
            {
                sizes[i] = new RoiSize(image.ClassIndex, image.Width, image.Height);
                rois.Add(new SyntheticRoi(i + 1, image));
            }
            else
            {
                sizes[i] = RoiSize.None;
            }
        }

        var (header, adc) = Describe(options, layout, sizes);
        return new SyntheticBin(layout.Lid, layout.Timestamp, header, adc, rois, lines, layout.Triggers);
    }

    /// <summary>
    /// The first half of a bin: its time, id, class mix and the triggers with their ADC lines, each line's
    /// class (-1: a trigger without an image) and ROI seed. Nothing is painted yet.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static BinLayout Layout(SyntheticArchiveOptions options, int binIndex)
    {
        var rng = new SynthRandom(SynthRandom.Derive(options.Seed, binIndex, -1));
        var timestamp = BinTime(options, binIndex, rng);
        var lid = $"D{timestamp:yyyyMMdd}T{timestamp:HHmmss}_IFCB{options.Instrument:D3}";
        var classes = options.Mix == ClassMixKind.Natural ? ClassMix(rng, options.RoisPerBin) : Draw(rng, options.RoisPerBin, MixWeights(options, binIndex, timestamp));

        // Lay out triggers: ~7% trigger no image (0x0 line), ~5% give two or three ROIs.
        var lineTrigger = new List<int>(options.RoisPerBin + (options.RoisPerBin / 8) + 1);
        var lineClass = new List<int>(lineTrigger.Capacity);
        var trigger = 0;
        var assigned = 0;
        while (assigned < classes.Length)
        {
            trigger++;
            if (rng.Chance(0.07))
            {
                lineTrigger.Add(trigger);
                lineClass.Add(-1);
                continue;
            }

            var roll = rng.NextDouble();
            var count = Math.Min(roll < 0.95 ? 1 : roll < 0.99 ? 2 : 3, classes.Length - assigned);
            for (var k = 0; k < count; k++)
            {
                lineTrigger.Add(trigger);
                lineClass.Add(classes[assigned++]);
            }
        }

        return new BinLayout(options.Seed, binIndex, rng, timestamp, lid, trigger, [.. lineTrigger], [.. lineClass], classes.Length);
    }

    /// <summary>
    /// The second half of a bin, once its images are painted: trigger times, PMT signals and ROI positions,
    /// the ADC text and the header. <paramref name="sizes"/> holds every ADC line's image (class and size).
    /// Continues the layout's generator, so it must be called once per layout.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static (string Header, string Adc) Describe(SyntheticArchiveOptions options, BinLayout layout, ReadOnlySpan<RoiSize> sizes)
    {
        var rng = layout.Rng;
        var trigger = layout.Triggers;
        var lines = layout.Lines;
        var lineTrigger = layout.LineTrigger;

        // Trigger times: a ~20-minute run, gaps of at least minGap so the cumulative times stay increasing.
        var runSeconds = Math.Max(rng.Uniform(1120, 1215), (trigger * 0.25f) + 10);
        var minGap = Math.Min(0.1, (runSeconds - 2) / (2.0 * Math.Max(trigger, 1)));
        var gaps = new double[trigger];
        var sum = 0.0;
        for (var t = 0; t < trigger; t++)
        {
            gaps[t] = -Math.Log(1 - rng.NextDouble());
            sum += gaps[t];
        }

        var scale = trigger == 0 ? 0 : (runSeconds - 1.5 - (minGap * trigger)) / sum;
        var adc = new StringBuilder(lines * 200);
        var images = 0;
        long startByte = 0;
        var time = 0.05;
        var inhibit = 0.0;
        var runTime = 0.0;
        var line = 0;
        for (var t = 1; t <= trigger; t++)
        {
            time += (t == 1 ? 0 : minGap) + (gaps[t - 1] * scale);
            inhibit += rng.Uniform(0.0795f, 0.0830f);
            runTime = time + rng.Uniform(0.021f, 0.05f);
            var grabEnd = time + rng.Uniform(0.0415f, 0.0435f);
            var first = line;
            while (line < lines && lineTrigger[line] == t)
            {
                line++;
            }

            // The PMT signals belong to the trigger: scattering follows the largest object, chlorophyll
            // fluorescence the class (detritus, bubbles and empty frames hardly fluoresce).
            var area = 0;
            var fluorescent = false;
            for (var i = first; i < line; i++)
            {
                if (sizes[i].HasImage)
                {
                    area = Math.Max(area, sizes[i].Width * sizes[i].Height);
                    fluorescent |= sizes[i].ClassIndex is not (7 or 8 or 9);
                }
            }

            var size = MathF.Sqrt(Math.Max(area, 400)) / 100f;
            var pmtA = size * rng.Uniform(0.3f, 1.2f);
            var pmtB = fluorescent ? size * rng.Uniform(0.05f, 0.9f) : rng.Uniform(-0.05f, 0.08f);
            var pmtC = rng.Uniform(0.044f, 0.047f);
            var pmtD = rng.Uniform(0.047f, 0.049f);
            var peakA = 3.3f + (pmtA * rng.Uniform(0.05f, 0.2f));
            var peakB = 0.2f + (pmtB * rng.Uniform(0.3f, 0.8f));
            var flight = 40f + (size * rng.Uniform(10f, 25f));
            var x = (int)Math.Clamp(800 + (rng.Gaussian() * 60), 0, CameraWidth);

            // The columns a trigger's lines share, formatted once (float formatting dominates the ADC's cost):
            // the ADC time, PMT signals and peaks, time of flight and grab times; and the run and inhibit
            // times that end every line.
            var timeText = time.ToString("R", CultureInfo.InvariantCulture);
            var signals = string.Create(CultureInfo.InvariantCulture, $"{timeText},{pmtA:R},{pmtB:R},{pmtC:R},{pmtD:R},{peakA:R},{peakB:R},{PeakC},{PeakD},{flight:R},{timeText},{grabEnd:R},");
            var times = string.Create(CultureInfo.InvariantCulture, $"0,0,0,0,{runTime:R},{inhibit:R}\r\n");
            for (var i = first; i < line; i++)
            {
                int w = 0, h = 0, rx = 0, ry = 0;
                long start = 0; // McLane software writes 0 as the start byte of a trigger without an image
                if (sizes[i].HasImage)
                {
                    w = sizes[i].Width;
                    h = sizes[i].Height;
                    // Further ROIs of one trigger are other particles in the same frame, elsewhere in it.
                    var centre = i == first ? x : rng.Int(0, CameraWidth);
                    rx = Math.Clamp((centre - (w / 2)) / 4 * 4, 0, Math.Max(0, CameraWidth - w) / 4 * 4);
                    ry = Math.Clamp((rng.Int(0, Math.Max(0, CameraHeight - h)) / 8 * 8) + 7, 0, Math.Max(0, CameraHeight - h));
                    start = startByte;
                    startByte += (long)w * h;
                    images++;
                }

                adc.Append(CultureInfo.InvariantCulture, $"{t},{signals}{rx},{ry},{w},{h},{start},{times}");
            }
        }

        if (trigger == 0)
        {
            runTime = runSeconds;
        }

        var header = Header(rng, options, layout.Timestamp, layout.Lid, trigger, images, runTime, inhibit);
        return (header, adc.ToString());
    }

    private static DateTime BinTime(SyntheticArchiveOptions options, int binIndex, SynthRandom rng)
    {
        var day = binIndex / options.BinsPerDay;
        var slotSeconds = 86400 / options.BinsPerDay;
        var slot = binIndex % options.BinsPerDay;
        var jitter = rng.Int(0, Math.Max(0, slotSeconds - 1800));
        return options.Start.Date.AddDays(day).AddSeconds((slot * slotSeconds) + jitter);
    }

    // A per-bin class mix: log-normal weights give a few dominant classes and some rare ones. When the
    // bin is big enough every class appears at least once, so small archives still cover all classes.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int[] ClassMix(SynthRandom rng, int count)
    {
        var n = SyntheticClasses.Count;
        var weights = new double[n];
        var total = 0.0;
        for (var c = 0; c < n; c++)
        {
            weights[c] = Math.Exp(1.3 * rng.Gaussian());
            total += weights[c];
        }

        var classes = new int[count];
        var counts = new int[n];
        for (var i = 0; i < count; i++)
        {
            var pick = rng.NextDouble() * total;
            var c = 0;
            while (c < n - 1 && (pick -= weights[c]) >= 0)
            {
                c++;
            }

            classes[i] = c;
            counts[c]++;
        }

        if (count >= 4 * n)
        {
            for (var c = 0; c < n; c++)
            {
                while (counts[c] == 0)
                {
                    var i = rng.Int(0, count - 1);
                    if (counts[classes[i]] > 1)
                    {
                        counts[classes[i]]--;
                        classes[i] = c;
                        counts[c]++;
                    }
                }
            }
        }

        return classes;
    }

    /// <summary>The class weights of bin <paramref name="binIndex"/> for the prior-shift mixes (not normalised).</summary>
    public static double[] MixWeights(SyntheticArchiveOptions options, int binIndex, DateTime timestamp)
    {
        ArgumentNullException.ThrowIfNull(options);
        var n = SyntheticClasses.Count;
        var weights = new double[n];
        switch (options.Mix)
        {
            case ClassMixKind.Bloom:
                {
                    // A Gaussian bump over the archive: balanced share at the ends, 70% at the middle bin.
                    var middle = (options.Bins - 1) / 2.0;
                    var width = Math.Max(1.0, options.Bins / 4.0);
                    var share = (1.0 / n) + ((0.7 - (1.0 / n)) * Math.Exp(-Math.Pow((binIndex - middle) / width, 2)));
                    for (var c = 0; c < n; c++)
                    {
                        weights[c] = c == options.BloomClass ? share : (1 - share) / (n - 1);
                    }

                    break;
                }

            case ClassMixKind.Shifted:
                for (var c = 0; c < n; c++)
                {
                    weights[c] = Math.Pow(0.6, c);
                }

                break;
            case ClassMixKind.DayNight:
                {
                    var phase = 2 * Math.PI * timestamp.TimeOfDay.TotalHours / 24;
                    for (var c = 0; c < n; c++)
                    {
                        weights[c] = 1 + (0.9 * Math.Cos(phase - (c % 2 == 0 ? Math.PI : 0)));
                    }

                    break;
                }

            default:
                Array.Fill(weights, 1.0);
                break;
        }

        return weights;
    }

    // Draws each ROI's class from fixed weights (the prior-shift mixes; no forced presence: absent classes are the point).
    private static int[] Draw(SynthRandom rng, int count, double[] weights)
    {
        var total = weights.Sum();
        var classes = new int[count];
        for (var i = 0; i < count; i++)
        {
            var pick = rng.NextDouble() * total;
            var c = 0;
            while (c < weights.Length - 1 && (pick -= weights[c]) >= 0)
            {
                c++;
            }

            classes[i] = c;
        }

        return classes;
    }

    private static string Header(SynthRandom rng, SyntheticArchiveOptions options, DateTime timestamp, string lid, int triggers, int rois, double runTime, double inhibit)
    {
        var ci = CultureInfo.InvariantCulture;
        var temperature = 12 + (rng.NextDouble() * 12);
        var humidity = 35 + (rng.NextDouble() * 30);
        var lines = new List<string>
        {
            "SoftwareVersion: 2.0.5.0",
            "AnalogFirmware: 45",
            "HousekeepingFirmware: 32",
            "sampleNumber: " + (1 + (timestamp.Hour * 3) + (timestamp.Minute / 20)).ToString(ci),
            "sampleType: Normal",
            "triggerCount: " + triggers.ToString(ci),
            "roiCount: " + rois.ToString(ci),
            "humidity: " + humidity.ToString("R", ci),
            "temperature: " + temperature.ToString("R", ci),
            "runTime: " + runTime.ToString("R", ci),
            "inhibitTime: " + inhibit.ToString("R", ci),
            "ADCFileFormat: trigger#, ADCtime, PMTA, PMTB, PMTC, PMTD, PeakA, PeakB, PeakC, PeakD, TimeOfFlight, GrabTimeStart, GrabTimeEnd, RoiX, RoiY, RoiWidth, RoiHeight, StartByte, ComparatorOut, StartPoint, SignalLength, Status, RunTime, InhibitTime",
        };
        lines.AddRange(StaticSettings);
        lines.Add("runType: NORMAL");
        lines.Add("imagerID: " + options.Instrument.ToString(ci));
        lines.Add("DataFilePath: /mnt/data/ifcbdata");
        lines.Add($"FileComment: synthetic bin {lid} (ifcb synth, seed {options.Seed.ToString(ci)})");
        lines.Add("sampleType: Normal");
        return string.Join("\r\n", lines) + "\r\n";
    }

    // Instrument settings copied in kind from a McLane 2.x header; fixed values, documentation only.
    private static readonly string[] StaticSettings =
    [
        "auxPower1: False",
        "autoStart: False",
        "autoShutdown: False",
        "valveDelay: 781",
        "FlashlampControlVoltage: 2.5",
        "cameraGain: 6",
        "binarizeThreshold: 6",
        "minimumBlobArea: 2000",
        "blobXgrowAmount: 20",
        "blobYgrowAmount: 1",
        "minimumGapBewtweenAdjacentBlobs: 50",
        "laserState: True",
        "runningCamera: True",
        "pump1State: True",
        "pump2State: False",
        "stirrer: False",
        "triggerContinuous: False",
        "PMTAtriggerThreshold_DAQ_MCConly: 0.15",
        "PMTBtriggerThreshold_DAQ_MCConly: 0.15",
        "PMTCtriggerThreshold_DAQ_MCConly: 0.12",
        "PMTDtriggerThreshold_DAQ_MCConly: 0.12",
        "ADCdataRateDAQ_MCConly: 240",
        "integratorSettleTime: 8",
        "PMTtriggerSelection_DAQ_MCConly: 2",
        "hasCamera: True",
        "flash: True",
        "PMTAhighVoltage: 0.65",
        "PMTBhighVoltage: 0.55",
        "pumpDriveVoltage: 14",
        "syringeSamplingSpeed: 20",
        "syringeOffset: 5673",
        "NumberSyringesToAutoRun: 1",
        "SyringeSampleVolume: 5",
        "syringeSize: 5",
        "primeVolume: 1",
        "flushVolume: 1",
        "stepsToFullSyringe: 318354",
        "debubbleWithSample: True",
        "runBeads: False",
        "runSampleFast: False",
        "BeadsSampleVolume: 2.5",
        "RunFastFactor: 4",
        "GPSFeed: 0",
    ];
}

/// <summary>A bin before painting: what <see cref="SyntheticBinFactory.Layout"/> decided.</summary>
internal sealed class BinLayout(ulong seed, int binIndex, SynthRandom rng, DateTime timestamp, string lid, int triggers, int[] lineTrigger, int[] lineClass, int images)
{
    /// <summary>The bin's generator, to be continued by <see cref="SyntheticBinFactory.Describe"/>.</summary>
    public SynthRandom Rng { get; } = rng;

    public DateTime Timestamp { get; } = timestamp;

    public string Lid { get; } = lid;

    public int Triggers { get; } = triggers;

    /// <summary>The trigger number of every ADC line.</summary>
    public int[] LineTrigger { get; } = lineTrigger;

    /// <summary>The class of every ADC line's image, -1 for a trigger without one.</summary>
    public int[] LineClass { get; } = lineClass;

    public int Lines => LineClass.Length;

    /// <summary>Image ROIs (lines with a class).</summary>
    public int Images { get; } = images;

    /// <summary>The seed that line <paramref name="line"/>'s image is painted from.</summary>
    public ulong RoiSeed(int line) => SynthRandom.Derive(seed, binIndex, line + 1);
}

/// <summary>The image of an ADC line: its class and size, or <see cref="None"/>.</summary>
internal readonly record struct RoiSize(int ClassIndex, int Width, int Height)
{
    public static RoiSize None => new(-1, 0, 0);

    public bool HasImage => ClassIndex >= 0;
}
