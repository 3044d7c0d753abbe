using System.Net;
using System.Net.Http;
using System.Text;

namespace ExposureWeb.Chain.Tests.Rpc;

/// <summary>An in-memory "node": answers each POST with whatever the test's function returns.</summary>
internal sealed class FakeHttpHandler(Func<HttpRequestMessage, string, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    public HttpRequestMessage? LastRequest { get; private set; }

    public string? LastBody { get; private set; }

    public static FakeHttpHandler Json(Func<string, string> respond) =>
        new((_, body, _) => Task.FromResult(Ok(respond(body))));

    public static HttpResponseMessage Ok(string json) =>
        new(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        LastRequest = request;
        LastBody = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        return await respond(request, LastBody, cancellationToken);
    }
}
