using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace CompatHost.Host.Audit;

/// <summary>
/// Appends audit records as JSON lines. Requests only enqueue; one background writer appends,
/// flushes and rotates, so a slow or full disk never holds a request. Records carry no secrets
/// by construction: nothing in <see cref="AuditRecord"/> holds a credential.
/// </summary>
/// <remarks>
/// Rotation renames <c>audit.log</c> to <c>audit.log.&lt;UTC time&gt;</c> and starts a new file;
/// the oldest rotated files beyond <see cref="AuditLogSettings.RetainedFiles"/> are deleted. A
/// write that fails (disk full, file gone) loses the records since the last good flush: they are
/// counted in <see cref="LostRecords"/> and logged, the file is reopened on the next batch, and
/// requests go on being served.
/// </remarks>
public sealed partial class AuditLog : IAsyncDisposable
{
    /// <summary>
    /// How long the writer lets records gather after a small batch. Woken per record, it cost every
    /// request a thread-pool hop and a write(2) (about 4% of a keep-alive request's CPU under load);
    /// a record is no less safe waiting in the queue than in the batch, and a crash loses both alike.
    /// </summary>
    private static readonly TimeSpan GatherDelay = TimeSpan.FromMilliseconds(20);

    private const int MaxBatch = 4096;

    private readonly Channel<AuditRecord> _queue = Channel.CreateBounded<AuditRecord>(
        new BoundedChannelOptions(65_536) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly string _file;
    private readonly AuditLogSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Task _pump;
    private readonly MemoryStream _pending = new();
    private Utf8JsonWriter? _json;
    private FileStream? _stream;
    private DateTimeOffset _openedAt;
    private long _lost;
    private long _written;

    public AuditLog(string file, AuditLogSettings settings, TimeProvider time, ILogger<AuditLog> logger)
    {
        _file = file;
        _settings = settings;
        _time = time;
        _logger = logger;
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Records accepted but never written (a failed write); for metrics and tests.</summary>
    public long LostRecords => Interlocked.Read(ref _lost);

    /// <summary>Records written and flushed since start.</summary>
    public long WrittenRecords => Interlocked.Read(ref _written);

    /// <summary>Completes at once unless 65,536 records already wait for the writer.</summary>
    public ValueTask WriteAsync(AuditRecord record) =>
        _queue.Writer.TryWrite(record) ? ValueTask.CompletedTask : _queue.Writer.WriteAsync(record);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _pump;
        _json?.Dispose();
        if (_stream is not null)
        {
            await _stream.DisposeAsync();
        }
    }

    private async Task PumpAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<AuditRecord>(256);
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var record))
            {
                batch.Add(record);
            }

            await WriteBatchAsync(batch);
            var full = batch.Count == MaxBatch;
            batch.Clear();
            if (!full && !reader.Completion.IsCompleted)
            {
                await Task.Delay(GatherDelay);
            }
        }
    }

    /// <summary>Writes a batch, rotating between records so no file grows past the size limit.</summary>
    private async Task WriteBatchAsync(List<AuditRecord> batch)
    {
        // One buffer and writer for the pump's life: a buffer made per batch grew past the
        // large-object threshold under load, and the large-object heap, collected only with gen2,
        // was most of the host's growth in memory during a load run (README: Performance).
        var pending = _pending;
        var json = _json ??= new Utf8JsonWriter(pending);
        var records = 0;
        var flushed = 0;
        try
        {
            var stream = Open();
            // The file's size is asked once a batch: FileStream.Length is an fstat each time, and
            // asked per record it was ~1 µs of every request's CPU in the SOAP profile. Nothing
            // is written to the file between here and the batch's flush.
            var onDisk = stream.Length;
            foreach (var record in batch)
            {
                var start = pending.Length;
                json.Reset(pending);
                JsonSerializer.Serialize(json, record, AuditJsonContext.Default.AuditRecord);
                json.Flush();
                pending.WriteByte((byte)'\n');
                if (onDisk + start > 0 && onDisk + pending.Length > _settings.MaxFileBytes
                    || _time.GetUtcNow() - _openedAt >= _settings.MaxFileAge && onDisk + start > 0)
                {
                    // The record goes to the next file: write what came before it, then move it down.
                    await FlushAsync(stream, pending, start, records);
                    flushed += records;
                    records = 0;
                    stream = Rotate();
                    onDisk = stream.Length;
                }

                records++;
            }

            await FlushAsync(stream, pending, pending.Length, records);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            pending.SetLength(0);
            var lost = batch.Count - flushed;
            Interlocked.Add(ref _lost, lost);
            Metrics.HostMetrics.AuditRecordsLost.Add(lost);
            LogWriteFailed(_logger, lost, _file, ex.Message);
            await CloseAsync();
        }
    }

    /// <summary>Writes the first <paramref name="length"/> pending bytes (whole records) and keeps the rest.</summary>
    private async Task FlushAsync(FileStream stream, MemoryStream pending, long length, int records)
    {
        var buffer = pending.GetBuffer();
        await stream.WriteAsync(buffer.AsMemory(0, (int)length));
        await stream.FlushAsync();
        var rest = (int)(pending.Length - length);
        Buffer.BlockCopy(buffer, (int)length, buffer, 0, rest);
        pending.SetLength(rest);
        Interlocked.Add(ref _written, records);
    }

    private FileStream Open()
    {
        if (_stream is null)
        {
            _stream = new FileStream(_file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            _openedAt = _time.GetUtcNow();
        }

        return _stream;
    }

    private FileStream Rotate()
    {
        _stream!.Dispose();
        _stream = null;
        var stamp = _time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fff", System.Globalization.CultureInfo.InvariantCulture);
        var target = $"{_file}.{stamp}";
        for (var n = 1; File.Exists(target); n++)
        {
            target = $"{_file}.{stamp}-{n}";
        }

        File.Move(_file, target);
        var directory = Path.GetDirectoryName(_file)!;
        var rotated = Directory.GetFiles(directory, Path.GetFileName(_file) + ".*").Order(StringComparer.Ordinal).ToList();
        foreach (var old in rotated.Take(Math.Max(0, rotated.Count - _settings.RetainedFiles)))
        {
            File.Delete(old);
        }

        return Open();
    }

    private async Task CloseAsync()
    {
        if (_stream is null)
        {
            return;
        }

        try
        {
            await _stream.DisposeAsync();
        }
        catch (IOException)
        {
            // Disposing flushes what the failed write left buffered; that part is counted lost already.
        }

        _stream = null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit log: {Count} records could not be written to {File}: {Reason}; requests are still served")]
    private static partial void LogWriteFailed(ILogger logger, int count, string file, string reason);
}
