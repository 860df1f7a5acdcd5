using System.Text.RegularExpressions;
using Ifcb.Formats.Tests;

namespace Ifcb.Evaluation.Tests.Report;

[Trait("Category", "Reference")]
public sealed partial class HtmlReportTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ifcb-report-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Report_is_one_self_contained_well_formed_html_file_embedding_every_plot()
    {
        // Given a full evaluation written to a folder (labels with characters HTML must escape)
        var input = SyntheticEvaluation.Create(12, 1200);
        input = new EvaluationInput
        {
            ClassLabels = input.ClassLabels.Select((l, i) => i == 1 ? "Chaetoceros <chain> & \"spores\"" : l).ToArray(),
            TrueClasses = input.TrueClasses,
            Scores = input.Scores,
            ItemNames = input.ItemNames,
            Epochs = input.Epochs,
        };
        var result = EvaluationReport.Write(input, _dir.FullName, new EvaluationOptions { ModelId = "m<1>", BootstrapResamples = 100 });
        var path = result.Files["report"];
        var html = File.ReadAllText(path);

        // When Python's html.parser walks it, checking that every non-void tag is closed in order
        var output = ReferencePython.Run("""
            import sys
            from html.parser import HTMLParser
            VOID = {'meta', 'img', 'br', 'hr', 'link', 'input'}
            class P(HTMLParser):
                def __init__(self):
                    super().__init__(); self.stack = []; self.imgs = 0; self.external = []; self.rows = 0
                def handle_starttag(self, tag, attrs):
                    a = dict(attrs)
                    for k in ('src', 'href'):
                        if k in a and (a[k].startswith('http:') or a[k].startswith('https:') or a[k].startswith('//')):
                            self.external.append(a[k])
                    if tag == 'img' and a.get('src', '').startswith('data:image/png;base64,'):
                        self.imgs += 1
                    if tag == 'tr':
                        self.rows += 1
                    if tag not in VOID:
                        self.stack.append(tag)
                def handle_endtag(self, tag):
                    if not self.stack or self.stack[-1] != tag:
                        raise SystemExit('mismatched </%s>, open: %s' % (tag, self.stack[-3:]))
                    self.stack.pop()
            p = P(); p.feed(open(sys.argv[1], encoding='utf-8').read()); p.close()
            assert not p.stack, p.stack
            print(p.imgs, len(p.external), p.rows)
            """, path);

        // Then it is well formed, embeds the six plots, references nothing external, and has a row per class
        Assert.Equal($"6 0 {1 + 12}", output);
        Assert.DoesNotMatch(ExternalUrl(), html);
        foreach (var plot in result.Plots)
        {
            Assert.Contains($"id=\"{plot.Name}\"", html);
            Assert.Contains(Convert.ToBase64String(plot.Png)[..200], html);
        }

        Assert.Contains("Chaetoceros &lt;chain&gt; &amp; &quot;spores&quot;", html);
        Assert.Contains("<script>", html);
        Assert.Contains("Evaluation of m&lt;1&gt;", html);
    }

    [GeneratedRegex("(src|href)\\s*=\\s*[\"']?(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();
}
