using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace FalseReject.Web.Security;

/// <summary>Bound from the <c>ForwardedHeaders</c> section (see <see cref="From"/>).</summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    /// <summary>
    /// ASP.NET Core's own switch (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>): on its own it
    /// trusts the headers from any sender; here it counts as <c>ForwardedHeaders:Enabled</c>.
    /// </summary>
    internal const string HostSwitch = "ForwardedHeaders_Enabled";

    /// <summary>Whether X-Forwarded-For and X-Forwarded-Proto are read (from known proxies only).</summary>
    public bool Enabled { get; init; }

    /// <summary>Whether the host's switch is on, so that the host has already put the middleware first.</summary>
    public bool EnabledByHost { get; init; }

    /// <summary>Proxies trusted besides loopback (ASP.NET Core's default).</summary>
    public IReadOnlyList<IPAddress> KnownProxies { get; init; } = [];

    /// <summary>Networks (CIDR) trusted besides 127.0.0.0/8 (ASP.NET Core's default).</summary>
    public IReadOnlyList<IPNetwork> KnownNetworks { get; init; } = [];

    /// <summary>
    /// <c>Enabled</c>, <c>KnownProxies</c> and <c>KnownNetworks</c>; a list is either one value
    /// separated by <c>;</c> or <c>,</c> (<c>ForwardedHeaders__KnownProxies=10.0.0.2;10.0.0.3</c>) or
    /// an array. An entry that does not parse stops the start with its name.
    /// </summary>
    public static ForwardedHeadersSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var byHost = string.Equals(configuration[HostSwitch], "true", StringComparison.OrdinalIgnoreCase);
        return new ForwardedHeadersSettings
        {
            Enabled = section.GetValue<bool>("Enabled") || byHost,
            EnabledByHost = byHost,
            KnownProxies = [.. List(section, "KnownProxies").Select(v => IPAddress.TryParse(v, out var address)
                ? address
                : throw new InvalidOperationException($"{Section}:KnownProxies: '{v}' is not an IP address."))],
            KnownNetworks = [.. List(section, "KnownNetworks").Select(v => IPNetwork.TryParse(v, out var network)
                ? network
                : throw new InvalidOperationException($"{Section}:KnownNetworks: '{v}' is not a network in CIDR notation (e.g. 10.0.0.0/8)."))],
        };
    }

    private static IEnumerable<string> List(IConfigurationSection section, string key)
    {
        var list = section.GetSection(key);
        return list.GetChildren().Select(c => c.Value).Prepend(list.Value)
            .SelectMany(v => (v ?? "").Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
    }
}

/// <summary>
/// Behind a reverse proxy the client's address (which the rate limits count) and scheme (which
/// the Secure cookies need) come from X-Forwarded-For and X-Forwarded-Proto, but only when the
/// connection comes from a known proxy: anyone else could write those headers.
/// </summary>
public static class ForwardedHeadersExtensions
{
    public static IHostApplicationBuilder AddFalseRejectForwardedHeaders(this IHostApplicationBuilder builder)
    {
        var settings = ForwardedHeadersSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        // After every Configure, the host's included: with ASPNETCORE_FORWARDEDHEADERS_ENABLED it
        // clears the known proxies and networks, which would trust every sender.
        builder.Services.PostConfigure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            var defaults = new ForwardedHeadersOptions();
            options.KnownProxies.Clear();
            foreach (var proxy in defaults.KnownProxies.Concat(settings.KnownProxies))
            {
                options.KnownProxies.Add(proxy);
            }
            options.KnownIPNetworks.Clear();
            foreach (var network in defaults.KnownIPNetworks.Concat(settings.KnownNetworks))
            {
                options.KnownIPNetworks.Add(network);
            }
        });
        return builder;
    }

    /// <summary>First in the pipeline, so that everything after it sees the client's address and scheme.</summary>
    public static WebApplication UseFalseRejectForwardedHeaders(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<ForwardedHeadersSettings>();
        if (settings.Enabled && !settings.EnabledByHost)
        {
            app.UseForwardedHeaders();
        }
        return app;
    }
}
