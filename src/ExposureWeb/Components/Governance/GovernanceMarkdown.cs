using Markdig;
using Markdig.Extensions.GenericAttributes;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ExposureWeb.Components.Governance;

/// <summary>
/// Renders a report's Markdown export (the same text the download gives) to HTML for the page. A proposal's description
/// and a portfolio's name are written by others, so nothing in them may become markup: raw HTML is shown as text,
/// attribute syntax (<c>{onclick=…}</c>) is not parsed, and a link to anything but http(s), mailto or a relative address
/// loses its target.
/// </summary>
public static class GovernanceMarkdown
{
    private static readonly MarkdownPipeline Pipeline = Create();

    private static readonly string[] SafeSchemes = ["http", "https", "mailto"];

    /// <summary>The HTML of <paramref name="markdown"/>, safe to put in the page as markup.</summary>
    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown ?? "", Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafe(link.Url)) link.Url = "";
        }
        foreach (var link in document.Descendants<AutolinkInline>())
        {
            if (!link.IsEmail && !IsSafe(link.Url)) link.Url = "";
        }
        return Markdown.ToHtml(document, Pipeline);
    }

    private static MarkdownPipeline Create()
    {
        // Advanced extensions for the export's pipe tables; not generic attributes, which would let text set any attribute.
        var builder = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml();
        builder.Extensions.TryRemove<GenericAttributesExtension>();
        return builder.Build();
    }

    /// <summary>True for a relative address or one whose scheme is http, https or mailto.</summary>
    internal static bool IsSafe(string? url)
    {
        if (string.IsNullOrEmpty(url)) return true;
        // Browsers ignore whitespace and control characters inside a scheme ("java\tscript:"): so does this check.
        var compact = new string(url.Where(c => c > ' ').ToArray());
        var colon = compact.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return true;
        var delimiter = compact.IndexOfAny(['/', '?', '#']);
        if (delimiter >= 0 && delimiter < colon) return true;
        return SafeSchemes.Contains(compact[..colon], StringComparer.OrdinalIgnoreCase);
    }
}
