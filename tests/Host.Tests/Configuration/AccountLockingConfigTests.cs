using CompatHost.Host.Configuration;
using CompatHost.Host.Startup;
using CompatHost.Host.Users.Lockout;
using CompatHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompatHost.Tests.Configuration;

/// <summary><c>[identity_mgt.account_locking]</c> reads as the product's deployment.toml writes it.</summary>
public sealed class AccountLockingConfigTests
{
    [Fact]
    public void WithoutTheTable_LockingIsOff_WithTheProductDefaults()
    {
        using var home = new TestHome();
        var core = HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance);
        Assert.Equal(AccountLockSettings.Default, core.Settings.AccountLocking);
        Assert.False(core.Settings.AccountLocking.Enabled);
    }

    [Fact]
    public void TheProductKeys_AsTheProductTemplatesWriteThem_AreRead()
    {
        using var home = new TestHome();
        home.WriteToml("""
            [identity_mgt.account_locking]
            enable_account_locking = "true"
            allowed_failed_attempts = "4"
            auto_unlock_after = 10
            auto_unlock_time_increment_ratio = 3
            """);
        var core = HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance);
        Assert.Equal(new AccountLockSettings(true, 4, 10, 3), core.Settings.AccountLocking);
    }

    [Fact]
    public void BadValues_AreErrorsNamingKeyAndLine_AndAnUnknownKeyIsAWarning()
    {
        using var home = new TestHome();
        home.WriteToml("""
            [identity_mgt.account_locking]
            allowed_failed_attempts = 0
            auto_unlock_after = -1
            auto_unlock_time_increment_ratio = 0
            """);
        var ex = Assert.Throws<ConfigException>(() => HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance));
        var first = TestHome.BaseToml.Count(c => c == '\n') + 2;
        Assert.Contains(ex.Errors, e => e.Key == "identity_mgt.account_locking.allowed_failed_attempts" && e.Line == first);
        Assert.Contains(ex.Errors, e => e.Key == "identity_mgt.account_locking.auto_unlock_after" && e.Line == first + 1);
        Assert.Contains(ex.Errors, e => e.Key == "identity_mgt.account_locking.auto_unlock_time_increment_ratio");

        home.WriteToml("[identity_mgt.account_locking]\nenable_account_lockin = true\n");
        var core = HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance);
        Assert.Contains(core.Settings.Warnings, w => w.Key == "identity_mgt.account_locking.enable_account_lockin");
    }
}
