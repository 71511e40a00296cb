using FalseReject.Web;
using FalseReject.Web.Api;
using FalseReject.Web.Cli;
using FalseReject.Web.Data;
using FalseReject.Web.Operations;
using FalseReject.Web.Security;

// One executable: a verb (`users add ...`) runs the command line; no verb starts the web app.
if (CliApp.IsCliInvocation(args))
{
    return await CliApp.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = ContentRoot.Find(),
});

builder.AddFalseRejectForwardedHeaders();
builder.AddFalseRejectData();
builder.AddFalseRejectAuth();
builder.AddFalseRejectSecurityHeaders();
builder.AddFalseRejectWeb();
builder.AddFalseRejectRateLimiting();
builder.AddFalseRejectOperations();
builder.AddFalseRejectApi();

var app = builder.Build();

if (!await app.InitializeDatabaseAsync())
{
    return 1;
}
app.UseFalseRejectWeb();

return await app.RunFalseRejectAsync();

public partial class Program;
