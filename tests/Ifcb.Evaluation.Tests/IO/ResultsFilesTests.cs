using Ifcb.Formats.Tests;

namespace Ifcb.Evaluation.Tests.IO;

[Trait("Category", "Reference")]
public sealed class ResultsFilesTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ifcb-results-");

    public void Dispose() => _dir.Delete(recursive: true);

    // sklearn's documentation example again, with names: y_true = [0, 1, 2, 0, 1, 2], y_pred = [0, 2, 1, 0, 0, 1]
    private EvaluationResult WriteExample()
    {
        var input = Inputs.FromPredictions([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], 3, ["Asterionellopsis", "Chaetoceros", "detritus"]);
        input = new EvaluationInput
        {
            ClassLabels = input.ClassLabels,
            TrueClasses = input.TrueClasses,
            Scores = input.Scores,
            ItemNames = ["a_00001", "a_00002", "a_00003", "b_00001", "b_00002", "b_00003"],
        };
        return EvaluationReport.Write(input, _dir.FullName, new EvaluationOptions
        {
            ModelId = "test-model",
            Timestamp = new DateTimeOffset(2026, 11, 25, 20, 0, 0, TimeSpan.Zero),
            BootstrapResamples = 50,
            WriteReport = false,
        });
    }

    [Fact]
    public void Results_h5_has_whois_keys_with_honest_types_in_h5py()
    {
        // Given results written for the example
        WriteExample();

        // When h5py reads results.h5
        var output = ReferencePython.Run("""
            import sys, h5py
            with h5py.File(sys.argv[1], 'r') as f:
                for k in ['output_scores', 'confusion_matrix', 'counts_perclass', 'true_classes', 'predicted_classes', 'f1_perclass']:
                    print(k, f[k].dtype, f[k].shape)
                print([x.decode('ascii') for x in f['class_labels'][:]], [x.decode('ascii') for x in f['image_basenames'][:2]])
                print(f['confusion_matrix'][:].tolist(), f['counts_perclass'][:].tolist())
                print(list(f['true_classes'][:]), list(f['predicted_classes'][:]))
                print('%.6f %.6f %.6f' % (f['f1_macro'][()], f['f1_weighted'][()], f['precision_macro'][()]))
                print(f['model_id'][()].decode(), f['timestamp'][()].decode(), sorted(k for k in ['recall_weighted', 'recall_macro', 'precision_weighted', 'recall_perclass', 'precision_perclass'] if k in f))
            """, Path.Combine(_dir.FullName, "results.h5")).Split('\n');

        // Then names, types, shapes and values are as specified (0-based indices in HDF5)
        Assert.Equal("output_scores float32 (6, 3)", output[0]);
        Assert.Equal("confusion_matrix int32 (3, 3)", output[1]);
        Assert.Equal("counts_perclass int32 (3,)", output[2]);
        Assert.Equal("true_classes int32 (6,)", output[3]);
        Assert.Equal("predicted_classes int32 (6,)", output[4]);
        Assert.Equal("f1_perclass float64 (3,)", output[5]);
        Assert.Equal("['Asterionellopsis', 'Chaetoceros', 'detritus'] ['a_00001', 'a_00002']", output[6]);
        Assert.Equal("[[2, 0, 0], [1, 0, 1], [0, 2, 0]] [2, 2, 2]", output[7]);
        Assert.Equal("[0, 1, 2, 0, 1, 2] [0, 2, 1, 0, 0, 1]", output[8]);
        Assert.Equal("0.266667 0.266667 0.222222", output[9]);
        Assert.Equal("test-model 2026-11-25T20:00:00Z ['precision_perclass', 'precision_weighted', 'recall_macro', 'recall_perclass', 'recall_weighted']", output[10]);
    }

    [Fact]
    public void Results_mat_loads_in_scipy_with_one_based_indices()
    {
        // Given results written for the example
        WriteExample();

        // When scipy loads results.mat
        var output = ReferencePython.Run("""
            import sys, scipy.io as sio
            m = sio.loadmat(sys.argv[1])
            for k in ['output_scores', 'confusion_matrix', 'counts_perclass', 'true_classes', 'predicted_classes', 'f1_perclass', 'f1_weighted']:
                print(k, m[k].dtype, m[k].shape)
            print([x[0] for x in m['class_labels'][0]], [x[0] for x in m['image_basenames'][:2, 0]])
            print(m['confusion_matrix'].tolist(), m['true_classes'][:, 0].tolist(), m['predicted_classes'][:, 0].tolist())
            print('%.6f' % m['f1_macro'][0, 0], m['model_id'][0], m['timestamp'][0])
            """, Path.Combine(_dir.FullName, "results.mat")).Split('\n');

        // Then the types are honest and class indices are 1-based for MATLAB
        Assert.Equal("output_scores float32 (6, 3)", output[0]);
        Assert.Equal("confusion_matrix int32 (3, 3)", output[1]);
        Assert.Equal("counts_perclass int32 (1, 3)", output[2]);
        Assert.Equal("true_classes int32 (6, 1)", output[3]);
        Assert.Equal("predicted_classes int32 (6, 1)", output[4]);
        Assert.Equal("f1_perclass float64 (1, 3)", output[5]);
        Assert.Equal("f1_weighted float64 (1, 1)", output[6]);
        Assert.Equal("['Asterionellopsis', 'Chaetoceros', 'detritus'] ['a_00001', 'a_00002']", output[7]);
        Assert.Equal("[[2, 0, 0], [1, 0, 1], [0, 2, 0]] [1, 2, 3, 1, 2, 3] [1, 3, 2, 1, 1, 2]", output[8]);
        Assert.Equal("0.266667 test-model 2026-11-25T20:00:00Z", output[9]);
    }

    [Fact]
    public void Results_json_and_calibration_json_parse_in_python()
    {
        // Given results written for the example
        var result = WriteExample();

        // When Python's json module reads them
        var output = ReferencePython.Run("""
            import sys, json
            r = json.load(open(sys.argv[1])); c = json.load(open(sys.argv[2]))
            print(r['class_labels'], len(r['output_scores']), len(r['output_scores'][0]), r['confusion_matrix'])
            print('%.6f' % r['f1_weighted'], r['counts_perclass'], r['bootstrap']['resamples'], sorted(r['top_k_accuracy']))
            print(sorted(c['thresholds']), c['threshold_rule'], c['target_precision'], c['temperature'] > 0)
            """, Path.Combine(_dir.FullName, "results.json"), Path.Combine(_dir.FullName, "calibration.json")).Split('\n');

        // Then the WHOI keys and our extras are there
        Assert.Equal("['Asterionellopsis', 'Chaetoceros', 'detritus'] 6 3 [[2, 0, 0], [1, 0, 1], [0, 2, 0]]", output[0]);
        Assert.Equal("0.266667 [2, 2, 2] 50 ['1', '3']", output[1]);
        Assert.Equal("['Asterionellopsis', 'Chaetoceros', 'detritus'] target_precision 0.95 True", output[2]);
        var card = ModelCardCalibration.FromJson(File.ReadAllText(Path.Combine(_dir.FullName, "calibration.json")));
        Assert.Equal(result.Temperature, card.Temperature);
        Assert.Equal(result.Thresholds.Chosen.Select(t => t.Threshold), result.ClassLabels.Select(l => card.Thresholds[l]));
    }
}
