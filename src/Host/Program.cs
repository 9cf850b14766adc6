using CompatHost.Host.Startup;

return await HostProgram.RunAsync(args);
