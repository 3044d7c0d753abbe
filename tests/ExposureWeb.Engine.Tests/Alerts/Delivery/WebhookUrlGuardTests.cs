using System.Net;
using ExposureWeb.Engine.Alerts.Delivery;

namespace ExposureWeb.Engine.Tests.Alerts.Delivery;

public class WebhookUrlGuardTests
{
    private static readonly WebhookUrlGuard NoAllowList = new([]);

    [Theory]
    [InlineData("http://10.0.0.5/hook", "private address (10.0.0.5)")]
    [InlineData("http://172.16.1.1/", "private address (172.16.1.1)")]
    [InlineData("http://172.31.255.255/", "private address (172.31.255.255)")]
    [InlineData("http://192.168.1.10:8080/x", "private address (192.168.1.10)")]
    [InlineData("http://127.0.0.1/", "loopback address (127.0.0.1)")]
    [InlineData("https://127.5.6.7:8443/", "loopback address (127.5.6.7)")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "cloud metadata address (169.254.169.254)")]
    [InlineData("http://169.254.10.1/", "link-local address (169.254.10.1)")]
    [InlineData("http://100.64.0.1/", "carrier-grade NAT")]
    [InlineData("http://0.0.0.0/", "unspecified")]
    [InlineData("http://224.0.0.1/", "multicast")]
    [InlineData("http://localhost/", "loopback name (localhost)")]
    [InlineData("http://LocalHost.:9000/", "loopback name (localhost)")]
    [InlineData("http://api.localhost/", "loopback name (api.localhost)")]
    [InlineData("http://[::1]/", "loopback address (::1)")]
    [InlineData("http://[::]/", "unspecified address")]
    [InlineData("http://[fe80::1]/", "link-local address (fe80::1)")]
    [InlineData("http://[fe80::1%25eth0]/", "link-local address")]
    [InlineData("http://[fd00:ec2::254]/", "private (unique local) address (fd00:ec2::254)")]
    [InlineData("http://[fc00::5]/", "private (unique local)")]
    [InlineData("http://[::ffff:127.0.0.1]/", "loopback address (127.0.0.1, written ::ffff:127.0.0.1)")]
    [InlineData("http://[::ffff:a9fe:a9fe]/", "cloud metadata address (169.254.169.254")]
    [InlineData("http://[::ffff:10.1.2.3]/", "private address (10.1.2.3")]
    [InlineData("http://[64:ff9b::a00:1]/", "private address")] // NAT64 of 10.0.0.1
    [InlineData("http://[2002:7f00:1::]/", "loopback address")] // 6to4 of 127.0.0.1
    [InlineData("http://2130706433/", "loopback address (127.0.0.1)")] // decimal
    [InlineData("http://0x7f.1/", "loopback address (127.0.0.1)")] // hex, short form
    [InlineData("http://0x7f000001/", "loopback address (127.0.0.1)")]
    [InlineData("http://0177.0.0.1/", "loopback address (127.0.0.1)")] // octal
    [InlineData("http://127.1/", "loopback address (127.0.0.1)")]
    [InlineData("http://017700000001/", "loopback address (127.0.0.1)")]
    [InlineData("http://3232235777/", "private address (192.168.1.1)")]
    [InlineData("ftp://example.com/hook", "scheme 'ftp' is not allowed")]
    [InlineData("file:///etc/passwd", "scheme 'file' is not allowed")]
    [InlineData("gopher://example.com:70/", "scheme 'gopher' is not allowed")]
    [InlineData("ws://example.com/", "scheme 'ws' is not allowed")]
    [InlineData("https://user:pw@example.com/hook", "must not contain user info")]
    [InlineData("/relative/hook", "not an absolute URL")]
    [InlineData("example.com/hook", "not an absolute URL")]
    [InlineData("", "empty")]
    public void Validate_ForbiddenUrl_ClearError(string url, string expected)
    {
        var error = NoAllowList.Validate(url);

        Assert.NotNull(error);
        Assert.Contains(expected, error);
        if (expected.Contains("address") || expected.Contains("name"))
            Assert.Contains("Alerts:Delivery:WebhookAllowList", error);
    }

    [Fact]
    public void Validate_PrivateAddress_MessageSaysWhatIsWrongAndHowToAllowIt()
    {
        Assert.Equal(
            "webhook URL points to a private address (10.0.0.5); only public http(s) endpoints are allowed unless Alerts:Delivery:WebhookAllowList names them",
            NoAllowList.Validate("http://10.0.0.5/hook"));
    }

    [Theory]
    [InlineData("https://hooks.example.com/alerts")]
    [InlineData("http://example.com:8080/a/b?token=x")]
    [InlineData("http://93.184.216.34/hook")]
    [InlineData("https://[2606:4700:4700::1111]/hook")]
    [InlineData("https://172.32.0.1/")] // just outside 172.16.0.0/12
    [InlineData("https://localhost.example.com/")] // only *.localhost is reserved, not localhost.*
    public void Validate_PublicHttpUrl_Null(string url)
    {
        Assert.Null(NoAllowList.Validate(url));
    }

    [Theory]
    [InlineData("127.0.0.1", "http://127.0.0.1:5000/hook", true)]
    [InlineData("127.0.0.1", "http://[::ffff:127.0.0.1]:5000/hook", true)]
    [InlineData("127.0.0.1", "http://127.0.0.2/", false)]
    [InlineData("127.0.0.1", "http://localhost:5000/", false)] // the name is not the address
    [InlineData("localhost", "http://localhost:5000/", true)]
    [InlineData("10.20.0.0/16", "http://10.20.3.4/", true)]
    [InlineData("10.20.0.0/16", "http://10.21.0.1/", false)]
    [InlineData("[::1]", "http://[::1]:8080/", true)]
    [InlineData("hooks.internal", "https://hooks.internal/x", true)]
    [InlineData("hooks.internal", "https://HOOKS.INTERNAL./x", true)]
    public void Validate_WithAllowList_AllowsOnlyWhatItNames(string entry, string url, bool allowed)
    {
        var guard = new WebhookUrlGuard([entry]);

        Assert.Equal(allowed, guard.Validate(url) is null);
    }

    [Fact]
    public void Validate_AllowListedUrlWithOtherScheme_StillRefused()
    {
        Assert.NotNull(new WebhookUrlGuard(["127.0.0.1"]).Validate("ftp://127.0.0.1/"));
    }

    [Theory]
    [InlineData("127.0.0.1", "hooks.example.com", false)]
    [InlineData("10.1.2.3", "hooks.example.com", false)]
    [InlineData("::ffff:169.254.169.254", "hooks.example.com", false)]
    [InlineData("93.184.216.34", "hooks.example.com", true)]
    [InlineData("2606:4700:4700::1111", "hooks.example.com", true)]
    public void IsAllowed_ResolvedAddressWithoutAllowList_OnlyPublic(string address, string host, bool allowed)
    {
        Assert.Equal(allowed, NoAllowList.IsAllowed(IPAddress.Parse(address), host));
    }

    [Fact]
    public void Check_NameResolvedToPrivateAddress_ErrorNamesHostAndAddress()
    {
        Assert.Equal(
            "webhook host hooks.example.com resolved to a loopback address (127.0.0.1); only public http(s) endpoints are allowed unless Alerts:Delivery:WebhookAllowList names them",
            NoAllowList.Check(IPAddress.Loopback, "hooks.example.com"));
    }

    [Theory]
    [InlineData("not a host!")]
    [InlineData("10.0.0.1/8")] // host bits set: the operator probably meant 10.0.0.0/8
    [InlineData("10.0.0.0/33")]
    [InlineData(" ")]
    public void Constructor_BadAllowListEntry_Throws(string entry)
    {
        Assert.Throws<ArgumentException>(() => new WebhookUrlGuard([entry]));
    }
}
