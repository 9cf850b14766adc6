namespace CompatHost.Sdk.Configuration;

/// <summary>
/// Contract 1.4: where a settings reader reports what is wrong with what the operator wrote. An
/// error stops the load (startup, reload or <c>check</c>), printed with every other error of the
/// load; a warning is printed with the startup summary. Each names the file, the key and the line.
/// </summary>
public interface IConfigReport
{
    void Error(string file, string key, int? line, string message);

    void Warning(string file, string key, int? line, string message);
}
