using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Configurations;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Endpoints.Wire;
using FalseReject.Web.Security;

namespace FalseReject.Web.Features.Endpoints;

/// <summary>
/// Adds, lists, edits, removes and tests model endpoints; the page, the CLI and the API all call
/// it, and it applies every rule. Admins only. The key is encrypted with Data Protection before it
/// is stored and decrypted only into an <see cref="EndpointConnection"/> for the wire; no method
/// returns it.
/// </summary>
public sealed partial class EndpointService(
    IDbContextFactory<AppDbContext> dbFactory,
    IDataProtectionProvider dataProtection,
    ICurrentCaller currentCaller,
    ChatCaller caller,
    ILogger<EndpointService> logger)
{
    /// <summary>The Data Protection purpose of stored keys; a new purpose string would orphan them.</summary>
    public const string KeyPurpose = "FalseReject.Endpoints.ApiKey.v1";

    /// <summary>Keys the request profile owns: extra JSON may not override them.</summary>
    public static readonly IReadOnlySet<string> ReservedBodyKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "model", "messages", "temperature", "top_p", "seed", "max_tokens", "max_completion_tokens", "stream", "n",
    };

    public const string TestPrompt = "Reply with the single word OK.";

    private IDataProtector Protector => dataProtection.CreateProtector(KeyPurpose);

    public async Task<IReadOnlyList<EndpointSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await RequireCallerAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.ModelEndpoints.AsNoTracking().OrderBy(e => e.Name).ToListAsync(cancellationToken);
        return [.. rows.Select(Summary)];
    }

    public async Task<EndpointSummary?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        await RequireCallerAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ModelEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Name == name.Trim(), cancellationToken);
        return row is null ? null : Summary(row);
    }

    public async Task<EndpointResult> CreateAsync(EndpointInput input, CancellationToken cancellationToken = default)
    {
        await RequireCallerAsync();
        if (Validate(input, creating: true) is { Count: > 0 } errors)
        {
            return EndpointResult.Fail(EndpointFailure.Invalid, [.. errors]);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var name = input.Name.Trim();
        if (await db.ModelEndpoints.AnyAsync(e => e.Name == name, cancellationToken))
        {
            return EndpointResult.Fail(EndpointFailure.Duplicate, $"An endpoint named {name} already exists.");
        }
        var row = new ModelEndpoint { Name = name, BaseUrl = "", ModelId = "" };
        Apply(row, input);
        db.ModelEndpoints.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return EndpointResult.Fail(EndpointFailure.Duplicate, $"An endpoint named {name} already exists.");
        }
        logger.LogInformation("Endpoint {Endpoint} added ({BaseUrl}, {Model}, key set: {HasKey})", row.Name, row.BaseUrl, row.ModelId, row.ProtectedApiKey is not null);
        return EndpointResult.Ok(Summary(row));
    }

    public async Task<EndpointResult> UpdateAsync(string name, EndpointInput input, CancellationToken cancellationToken = default)
    {
        await RequireCallerAsync();
        if (Validate(input, creating: false) is { Count: > 0 } errors)
        {
            return EndpointResult.Fail(EndpointFailure.Invalid, [.. errors]);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ModelEndpoints.FirstOrDefaultAsync(e => e.Name == name.Trim(), cancellationToken);
        if (row is null)
        {
            return EndpointResult.Fail(EndpointFailure.NotFound, $"There is no endpoint named {name}.");
        }
        var newName = input.Name.Trim();
        if (newName != row.Name && await db.ModelEndpoints.AnyAsync(e => e.Name == newName, cancellationToken))
        {
            return EndpointResult.Fail(EndpointFailure.Duplicate, $"An endpoint named {newName} already exists.");
        }
        row.Name = newName;
        Apply(row, input);
        row.UpdatedAt = DateTimeOffset.UtcNow;
        row.Revision++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return EndpointResult.Fail(EndpointFailure.Conflict, $"Endpoint {name} was changed by someone else; reload and try again.");
        }
        catch (DbUpdateException)
        {
            return EndpointResult.Fail(EndpointFailure.Duplicate, $"An endpoint named {newName} already exists.");
        }
        logger.LogInformation("Endpoint {Endpoint} updated (key {KeyChange})", row.Name, input.KeyChange);
        return EndpointResult.Ok(Summary(row));
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        await RequireCallerAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deleted = await db.ModelEndpoints.Where(e => e.Name == name.Trim()).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
        {
            logger.LogInformation("Endpoint {Endpoint} removed", name);
        }
        return deleted > 0;
    }

    /// <summary>Sends one short request; null when there is no such endpoint.</summary>
    public async Task<EndpointTestResult?> TestAsync(string name, CancellationToken cancellationToken = default)
    {
        await RequireCallerAsync();
        if (await ConnectionAsync(name, cancellationToken) is not { } connection)
        {
            return null;
        }
        var result = await caller.CallAsync(connection, new ChatCallRequest(TestPrompt, new SamplingParameters(0, 1, 256, 0)), cancellationToken);
        return new EndpointTestResult(result.Succeeded, Math.Round(result.Latency.TotalMilliseconds, 1), result.Attempts,
            result.Answer, result.Reasoning, result.FinishReason, result.Model, result.Error?.Message, result.Error?.StatusCode);
    }

    /// <summary>
    /// The endpoint with its key decrypted, for server-side callers (the generation and judge jobs
    /// to come); never hand it to a page or an API answer. No caller check: jobs run as the system.
    /// </summary>
    public async Task<EndpointConnection?> ConnectionAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ModelEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Name == name.Trim(), cancellationToken);
        if (row is null)
        {
            return null;
        }
        string? key = null;
        if (row.ProtectedApiKey is { } protectedKey)
        {
            try
            {
                key = Protector.Unprotect(protectedKey);
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                logger.LogWarning("The stored key of endpoint {Endpoint} cannot be decrypted (data-protection keys lost?); set it again", row.Name);
            }
        }
        return new EndpointConnection(row.Name, new Uri(row.BaseUrl), row.ModelId, key, row.MaxTokensField, row.ExtraBodyJson,
            row.ConcurrencyLimit, row.RequestsPerMinute, row.TokensPerMinute, TimeSpan.FromSeconds(row.TimeoutSeconds));
    }

    /// <summary>Every problem with the input. Pure.</summary>
    public static List<string> Validate(EndpointInput input, bool creating)
    {
        var errors = new List<string>();
        var name = input.Name?.Trim() ?? "";
        if (!NamePattern().IsMatch(name))
        {
            errors.Add($"The name must be 1 to {ModelEndpointConfiguration.NameMaxLength} letters, digits, '.', '_' or '-'.");
        }
        if (!Uri.TryCreate(input.BaseUrl?.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")
            || input.BaseUrl!.Length > ModelEndpointConfiguration.BaseUrlMaxLength || !string.IsNullOrEmpty(url.UserInfo))
        {
            errors.Add("The base URL must be an absolute http(s) URL without credentials, e.g. http://localhost:8000/v1.");
        }
        if (string.IsNullOrWhiteSpace(input.ModelId) || input.ModelId.Trim().Length > ModelEndpointConfiguration.ModelIdMaxLength)
        {
            errors.Add($"The model id is required (at most {ModelEndpointConfiguration.ModelIdMaxLength} characters).");
        }
        if (!Enum.IsDefined(input.MaxTokensField))
        {
            errors.Add("The max-token field must be max_tokens or max_completion_tokens.");
        }
        if (ValidateExtraJson(input.ExtraBodyJson) is { } jsonError)
        {
            errors.Add(jsonError);
        }
        if (input.ConcurrencyLimit is < 1 or > 1024)
        {
            errors.Add("The concurrency limit must be between 1 and 1024.");
        }
        if (input.RequestsPerMinute is < 1)
        {
            errors.Add("Requests per minute must be at least 1 (or empty for no limit).");
        }
        if (input.TokensPerMinute is < 1)
        {
            errors.Add("Tokens per minute must be at least 1 (or empty for no limit).");
        }
        if (input.TimeoutSeconds is < 1 or > 3600)
        {
            errors.Add("The timeout must be between 1 and 3600 seconds.");
        }
        if (input.KeyChange == ApiKeyChange.Replace && string.IsNullOrWhiteSpace(input.ApiKey))
        {
            errors.Add("The new API key is empty.");
        }
        if (creating && input.KeyChange == ApiKeyChange.Clear)
        {
            errors.Add("A new endpoint has no key to clear.");
        }
        return errors;
    }

    /// <summary>Null when the extra JSON is empty or an object without reserved keys; else why not.</summary>
    public static string? ValidateExtraJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }
        if (json.Length > ModelEndpointConfiguration.ExtraBodyMaxLength)
        {
            return $"The extra JSON is longer than {ModelEndpointConfiguration.ExtraBodyMaxLength} characters.";
        }
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            return $"The extra JSON is not valid JSON: {ex.Message}";
        }
        if (node is not JsonObject obj)
        {
            return "The extra JSON must be a JSON object, e.g. {\"chat_template_kwargs\": {\"enable_thinking\": false}}.";
        }
        var reserved = obj.Select(p => p.Key).Where(ReservedBodyKeys.Contains).ToList();
        return reserved.Count > 0
            ? $"The extra JSON may not set {string.Join(", ", reserved)}: the run's settings and the max-token field own them."
            : null;
    }

    private void Apply(ModelEndpoint row, EndpointInput input)
    {
        row.BaseUrl = input.BaseUrl.Trim();
        row.ModelId = input.ModelId.Trim();
        row.MaxTokensField = input.MaxTokensField;
        row.ExtraBodyJson = string.IsNullOrWhiteSpace(input.ExtraBodyJson) ? null : JsonNode.Parse(input.ExtraBodyJson)!.ToJsonString();
        row.ConcurrencyLimit = input.ConcurrencyLimit;
        row.RequestsPerMinute = input.RequestsPerMinute;
        row.TokensPerMinute = input.TokensPerMinute;
        row.TimeoutSeconds = input.TimeoutSeconds;
        switch (input.KeyChange)
        {
            case ApiKeyChange.Replace:
                row.ProtectedApiKey = Protector.Protect(input.ApiKey!.Trim());
                break;
            case ApiKeyChange.Clear:
                row.ProtectedApiKey = null;
                break;
        }
    }

    private static EndpointSummary Summary(ModelEndpoint e) => new(e.Id, e.Name, e.BaseUrl, e.ModelId, e.ProtectedApiKey is not null,
        e.MaxTokensField, e.ExtraBodyJson, e.ConcurrencyLimit, e.RequestsPerMinute, e.TokensPerMinute, e.TimeoutSeconds, e.UpdatedAt);

    /// <summary>The one access check of this feature (to become ICurrentCaller.RequireAsync(Policies.Administer) with issue 12).</summary>
    private Task RequireCallerAsync() => currentCaller.RequireAsync(Policies.Administer);

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex NamePattern();
}
