// Strategy proposals: fetched from the app's REST API with the session cookie, and their unsigned transactions sent
// through the connected browser wallet (EIP-6963 discovery, EIP-1193 eth_sendTransaction). The wallet signs; the
// server never sees a key. Loaded as an ES module by the strategies page.

const wallets = new Map(); // uuid → { info, provider }

window.addEventListener('eip6963:announceProvider', (event) => {
  const { info, provider } = event.detail ?? {};
  if (typeof info?.uuid !== 'string' || typeof provider?.request !== 'function') return;
  wallets.set(info.uuid, { info, provider });
});

function discover() {
  window.dispatchEvent(new Event('eip6963:requestProvider'));
}
discover();

/** The proposal of a strategy (JSON), null when not breached, or an error. */
export async function proposal(strategyId) {
  const response = await fetch(`/api/strategies/${strategyId}/proposal`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (response.status === 204) return { ok: true, proposal: null };
  if (!response.ok) return { ok: false, error: `the server answered ${response.status}` };
  return { ok: true, proposal: await response.text() };
}

/** The wallet that speaks for `from` (eth_accounts), else the first one announced. */
async function walletFor(from) {
  discover();
  await new Promise((r) => setTimeout(r, 50));
  for (const wallet of wallets.values()) {
    try {
      const accounts = await wallet.provider.request({ method: 'eth_requestAccounts' });
      if (Array.isArray(accounts) && accounts.some((a) => a.toLowerCase() === from.toLowerCase())) return wallet;
    } catch { /* try the next */ }
  }
  return null;
}

/**
 * Sends the transactions in order through the wallet (eth_sendTransaction), each mined before the next (an approve
 * before the swap that spends it). Returns the hashes and the last block, or where it stopped and why.
 */
export async function send(transactionsJson) {
  const transactions = JSON.parse(transactionsJson);
  if (transactions.length === 0) return { ok: false, error: 'nothing to send', hashes: [] };
  const wallet = await walletFor(transactions[0].from);
  if (!wallet) return { ok: false, error: `no connected wallet speaks for ${transactions[0].from}`, hashes: [] };
  const hashes = [];
  let block = 0;
  for (const tx of transactions) {
    let hash;
    try {
      hash = await wallet.provider.request({ method: 'eth_sendTransaction', params: [{ from: tx.from, to: tx.to, data: tx.data, value: tx.value, gas: tx.gas }] });
    } catch (error) {
      return { ok: false, error: error?.code === 4001 ? 'you rejected the transaction in the wallet' : (error?.message ?? String(error)), hashes };
    }
    hashes.push(hash);
    const receipt = await waitForReceipt(wallet.provider, hash);
    if (!receipt) return { ok: false, error: `transaction ${hash} was not mined within 60 s`, hashes };
    if (receipt.status !== '0x1') return { ok: false, error: `transaction ${hash} reverted`, hashes };
    block = parseInt(receipt.blockNumber, 16);
  }
  return { ok: true, hashes, block };
}

async function waitForReceipt(provider, hash) {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const receipt = await provider.request({ method: 'eth_getTransactionReceipt', params: [hash] });
    if (receipt) return receipt;
    await new Promise((r) => setTimeout(r, 250));
  }
  return null;
}
