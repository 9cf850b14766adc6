using System.Text.Json;
using System.Threading.Channels;

namespace CompatHost.Host.Audit;

/// <summary>
/// Appends audit records as JSON lines. Requests only enqueue; one background writer appends
/// and flushes, so a slow disk never holds a request. Records carry no secrets by construction:
/// nothing in <see cref="AuditRecord"/> holds a credential.
/// </summary>
public sealed class AuditLog : IAsyncDisposable
{
    private readonly Channel<AuditRecord> _queue = Channel.CreateBounded<AuditRecord>(
        new BoundedChannelOptions(65_536) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly StreamWriter _writer;
    private readonly Task _pump;

    public AuditLog(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        _writer = new StreamWriter(new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete));
        _pump = Task.Run(PumpAsync);
    }

    public void Write(AuditRecord record)
    {
        if (!_queue.Writer.TryWrite(record))
        {
            // Full only under extreme load; waiting keeps every decision on record.
            _queue.Writer.WriteAsync(record).AsTask().GetAwaiter().GetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _pump;
        await _writer.DisposeAsync();
    }

    private async Task PumpAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var record))
            {
                await _writer.WriteLineAsync(JsonSerializer.Serialize(record, AuditJsonContext.Default.AuditRecord));
            }

            await _writer.FlushAsync();
        }
    }
}
