namespace PluginFixtures;

public sealed class FutureContractHandler : CompatHost.Sdk.FutureContract
{
    public override string Id => "future_handler";
}
