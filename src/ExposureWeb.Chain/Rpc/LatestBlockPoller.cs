namespace ExposureWeb.Chain.Rpc;

/// <summary>
/// The HTTP side of <see cref="NewHeadsWatcher"/>: asks the node for its latest block, counts the polls that failed
/// in a row, and says how long to wait before the next poll.
/// </summary>
internal sealed class LatestBlockPoller(EthClient http, NewHeadsWatcherOptions options)
{
    /// <summary>Polls that failed in a row; 0 after one that worked.</summary>
    public int Failures { get; private set; }

    /// <summary>
    /// <see cref="NewHeadsWatcherOptions.PollInterval"/> after a poll that worked, otherwise a backoff from
    /// <see cref="NewHeadsWatcherOptions.InitialRetryDelay"/> doubling up to <see cref="NewHeadsWatcherOptions.MaxRetryDelay"/>.
    /// </summary>
    public TimeSpan NextDelay => Failures == 0 ? options.PollInterval : RetryBackoff.Delay(Failures, options.InitialRetryDelay, options.MaxRetryDelay);

    /// <summary>One poll of the latest block; failures are counted, never thrown (except cancellation).</summary>
    /// <returns>The header, or why the node did not give one.</returns>
    public async Task<(BlockHeader? Header, Exception? Error)> PollAsync(CancellationToken ct)
    {
        try
        {
            BlockHeader header = await http.GetBlockAsync(BlockParameter.Latest, ct).ConfigureAwait(false)
                                 ?? throw new FormatException("node returned no latest block");
            Failures = 0;
            return (header, null);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            Failures++;
            return (null, ex);
        }
    }

    /// <summary>
    /// The latest block when the node answers well, otherwise null; not counted as a poll. For checking a quiet
    /// subscription against the chain, where a failure here proves nothing.
    /// </summary>
    /// <summary>Counts a poll abandoned past its deadline as a failure (the next poll backs off).</summary>
    public void CountFailure() => Failures++;

    public async Task<BlockHeader?> TryGetLatestAsync(CancellationToken ct)
    {
        try
        {
            return await http.GetBlockAsync(BlockParameter.Latest, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is RpcException or FormatException)
        {
            return null;
        }
    }
}
