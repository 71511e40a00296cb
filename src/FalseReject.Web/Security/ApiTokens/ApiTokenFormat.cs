using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using FalseReject.Web.Data.Configurations;

namespace FalseReject.Web.Security.ApiTokens;

/// <summary>
/// <c>frk_&lt;public id&gt;_&lt;secret&gt;</c>: a 16-hex-digit public id (64 random bits) to find the row, and
/// a base64url secret of 32 random bytes (256 bits), of which only the SHA-256 is stored.
/// </summary>
public static class ApiTokenFormat
{
    public const string Marker = "frk_";
    public const int SecretBytes = 32;
    private const int PublicIdBytes = ApiTokenConfiguration.PublicIdLength / 2;
    private static readonly int SecretChars = Base64Url.GetEncodedLength(SecretBytes);

    public static (string PublicId, string Secret, string Plaintext) Generate()
    {
        var publicId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(PublicIdBytes));
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        return (publicId, secret, $"{Marker}{publicId}_{secret}");
    }

    /// <summary>Splits a presented token; false when it cannot be one of ours.</summary>
    public static bool TryParse(string? token, out string publicId, out string secret)
    {
        publicId = secret = "";
        var idLength = ApiTokenConfiguration.PublicIdLength;
        if (token is null
            || token.Length != Marker.Length + idLength + 1 + SecretChars
            || !token.StartsWith(Marker, StringComparison.Ordinal)
            || token[Marker.Length + idLength] != '_')
        {
            return false;
        }
        var id = token.AsSpan(Marker.Length, idLength);
        var rest = token.AsSpan(Marker.Length + idLength + 1);
        if (id.ContainsAnyExcept("0123456789abcdef") || !Base64Url.IsValid(rest, out var decoded) || decoded != SecretBytes)
        {
            return false;
        }
        publicId = id.ToString();
        secret = rest.ToString();
        return true;
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
