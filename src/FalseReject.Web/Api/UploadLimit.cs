using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using FalseReject.Web.Features.Datasets;

namespace FalseReject.Web.Api;

/// <summary>The upload endpoints' one use of <see cref="UploadOptions"/>: the server's body limit and the 413.</summary>
internal static class UploadLimit
{
    /// <summary>Sets the request's body limit; true when the declared length is already over it.</summary>
    public static bool Apply(HttpContext http, UploadOptions limit)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body)
        {
            body.MaxRequestBodySize = limit.MaxBytes;
        }
        return http.Request.ContentLength > limit.MaxBytes;
    }

    public static ProblemHttpResult TooLarge(UploadOptions limit) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "The upload is too large",
            detail: limit.TooLargeMessage);
}
