using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
namespace Ifcb.Testing;

/// <summary>
/// A private PostgreSQL 15 cluster in a temp folder on a free 127.0.0.1 port, started for the tests (or a benchmark)
/// and stopped on dispose. The tests run it without durability (fsync off); a benchmark asks for PostgreSQL's defaults. PostgreSQL refuses to run as root (CI runs as root), so there it runs as the 'postgres' user via
/// runuser. Missing binaries fail the tests loudly: ./test installs Debian's postgresql when root.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    private const string BinDir = "/usr/lib/postgresql/15/bin";
    private readonly string _dir;
    private readonly bool _asRoot;
    private int _databases;

    /// <summary>A cluster for tests: fsync, synchronous commit and full-page writes off.</summary>
    public PostgresCluster()
        : this(durable: false)
    {
    }

    private PostgresCluster(bool durable)
    {
        if (!File.Exists(Path.Combine(BinDir, "initdb")))
        {
            throw new InvalidOperationException($"PostgreSQL 15 is not installed ({BinDir}/initdb missing): apt-get install postgresql (./test does this when root)");
        }

        _asRoot = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";
        _dir = Path.Combine(Path.GetTempPath(), "ifcb-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_dir);
        if (_asRoot)
        {
            Run("/bin/chown", ["postgres:postgres", _dir], asPostgres: false);
        }

        Port = FreePort();
        Run(Path.Combine(BinDir, "initdb"), ["-D", Path.Combine(_dir, "data"), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"], _asRoot);
        Run(Path.Combine(BinDir, "pg_ctl"), ["-D", Path.Combine(_dir, "data"), "-l", Path.Combine(_dir, "log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1 -c max_connections=200" + (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"), "start"], _asRoot);
    }

    /// <summary>A cluster with PostgreSQL's default durability (fsync on), for benchmarks.</summary>
    public static PostgresCluster Durable() => new(durable: true);

    /// <summary>The port the cluster listens on.</summary>
    public int Port { get; }

    /// <summary>Creates a fresh database and returns its connection string.</summary>
    public string CreateDatabase()
    {
        var name = "hub" + Interlocked.Increment(ref _databases) + "_" + Guid.NewGuid().ToString("N")[..6];
        Run(Path.Combine(BinDir, "createdb"), ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", name], asPostgres: false);
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name};Maximum Pool Size=60";
    }

    /// <summary>Stops the cluster at once and removes its folder (clear the client's connection pools first).</summary>
    public void Dispose()
    {
        try
        {
            Run(Path.Combine(BinDir, "pg_ctl"), ["-D", Path.Combine(_dir, "data"), "-m", "immediate", "-w", "stop"], _asRoot);
        }
        finally
        {
            try
            {
                Directory.Delete(_dir, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static void Run(string file, string[] args, bool asPostgres)
    {
        var psi = asPostgres ? new ProcessStartInfo("/usr/sbin/runuser") : new ProcessStartInfo(file);
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                psi.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.WorkingDirectory = "/";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({p.ExitCode}): {stderr}{stdout.Result}");
        }
    }
}
