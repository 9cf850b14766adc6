using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace CompatHost.Host.Audit;

/// <summary>
/// Appends audit records as JSON lines. A request serializes its record into a buffer; one
/// background writer appends, flushes and rotates, so a slow or full disk never holds a request
/// (until 16 MiB of records wait for it). Records carry no secrets
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
    /// a record is no less safe waiting in the buffer than in the batch, and a crash loses both alike.
    /// </summary>
    private static readonly TimeSpan GatherDelay = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Serialized records that may wait for the writer before a request waits for it: about 65,000
    /// records, as many as the queue before this buffer held.
    /// </summary>
    private const int MaxPendingBytes = 16 * 1024 * 1024;

    /// <summary>A batch this large is written without the gather delay after it: the writer is behind.</summary>
    private const int LargeBatchBytes = 1024 * 1024;

    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Utf8JsonWriter _json = new(Stream.Null);
    private readonly string _file;
    private readonly AuditLogSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Task _pump;
    // Records are serialized where they are made, into the filling buffer, and the writer swaps it
    // for the one it has written. Queued as objects for the writer, each request's record (and its
    // strings) lived through the 20 ms gather delay: under SOAP's allocation rate that is one or
    // two collections, so records were copied into gen1 and then gen2, which grew ~2.5 MiB every
    // 2 s under SOAP load (~0.2 MiB since; README: Performance).
    private Batch _filling = new();
    private Batch _spare = new();
    private TaskCompletionSource? _room;
    private bool _closed;
    private FileStream? _stream;
    private DateTimeOffset _openedAt;
    private long _lost;
    private long _writtenRecords;

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
    public long WrittenRecords => Interlocked.Read(ref _writtenRecords);

    /// <summary>Completes at once unless <see cref="MaxPendingBytes"/> of records already wait for the writer.</summary>
    public ValueTask WriteAsync(AuditRecord record)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_filling.Bytes.Length < MaxPendingBytes)
            {
                Append(record);
                return ValueTask.CompletedTask;
            }

            _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return WriteWhenRoomAsync(_room.Task, record);
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
        }

        _wake.Release();
        await _pump;
        _wake.Dispose();
        _json.Dispose();
        if (_stream is not null)
        {
            await _stream.DisposeAsync();
        }
    }

    private async ValueTask WriteWhenRoomAsync(Task room, AuditRecord record)
    {
        await room;
        await WriteAsync(record);
    }

    /// <summary>Serializes one record as a line of the filling buffer; called under the lock.</summary>
    private void Append(AuditRecord record)
    {
        var bytes = _filling.Bytes;
        var start = bytes.Length;
        try
        {
            _json.Reset(bytes);
            JsonSerializer.Serialize(_json, record, AuditJsonContext.Default.AuditRecord);
            _json.Flush();
        }
        catch
        {
            // The buffer holds whole lines only: the writer splits it at line ends to rotate.
            bytes.SetLength(start);
            _json.Reset(Stream.Null);
            throw;
        }

        bytes.WriteByte((byte)'\n');
        if (_filling.Records++ == 0)
        {
            _wake.Release();
        }
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            await _wake.WaitAsync();
            Batch batch;
            TaskCompletionSource? room;
            bool closed;
            lock (_lock)
            {
                batch = _filling;
                (_filling, _spare) = (_spare, batch);
                (room, _room) = (_room, null);
                closed = _closed;
            }

            room?.SetResult();
            var large = batch.Bytes.Length >= LargeBatchBytes;
            if (batch.Records > 0)
            {
                await WriteBatchAsync(batch);
                batch.Clear();
            }

            if (closed)
            {
                return;
            }

            if (!large)
            {
                await Task.Delay(GatherDelay);
            }
        }
    }

    /// <summary>Writes a batch, rotating between records so no file grows past the size limit.</summary>
    private async Task WriteBatchAsync(Batch batch)
    {
        var buffer = batch.Bytes.GetBuffer();
        var length = (int)batch.Bytes.Length;
        var flushed = 0;
        try
        {
            var stream = Open();
            // The file's size is asked once a batch: FileStream.Length is an fstat each time, and
            // asked per record it was ~1 µs of every request's CPU in the SOAP profile. Nothing
            // is written to the file between here and the batch's flush.
            var onDisk = stream.Length;
            var from = 0;
            var records = 0;
            for (var at = 0; at < length;)
            {
                // Each record is one line: JSON escapes the line ends inside its strings.
                var end = at + buffer.AsSpan(at, length - at).IndexOf((byte)'\n') + 1;
                var inFile = onDisk + (at - from);
                if (inFile > 0 && (inFile + (end - at) > _settings.MaxFileBytes || _time.GetUtcNow() - _openedAt >= _settings.MaxFileAge))
                {
                    // The record goes to the next file: write what came before it.
                    await FlushAsync(stream, buffer.AsMemory(from, at - from), records);
                    flushed += records;
                    records = 0;
                    from = at;
                    stream = Rotate();
                    onDisk = stream.Length;
                }

                records++;
                at = end;
            }

            await FlushAsync(stream, buffer.AsMemory(from, length - from), records);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var lost = batch.Records - flushed;
            Interlocked.Add(ref _lost, lost);
            Metrics.HostMetrics.AuditRecordsLost.Add(lost);
            LogWriteFailed(_logger, lost, _file, ex.Message);
            await CloseAsync();
        }
    }

    private async Task FlushAsync(FileStream stream, ReadOnlyMemory<byte> lines, int records)
    {
        await stream.WriteAsync(lines);
        await stream.FlushAsync();
        Interlocked.Add(ref _writtenRecords, records);
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

    /// <summary>
    /// Serialized records, a line each, and how many. The two batches are kept for the log's life:
    /// a buffer made per batch grew past the large-object threshold under load, and the
    /// large-object heap, collected only with gen2, was most of the host's growth in memory
    /// during a load run (README: Performance).
    /// </summary>
    private sealed class Batch
    {
        public MemoryStream Bytes { get; } = new();

        public int Records { get; set; }

        public void Clear()
        {
            Bytes.SetLength(0);
            Records = 0;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit log: {Count} records could not be written to {File}: {Reason}; requests are still served")]
    private static partial void LogWriteFailed(ILogger logger, int count, string file, string reason);
}
