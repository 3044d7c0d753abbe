// Browser wallets for Sign-In with Ethereum: discovery by EIP-6963, connection through the wallet's
// EIP-1193 provider, and the sign-in round trip with the server (which builds the message around its
// own nonce and checks the signature). Loaded as an ES module by the sign-in page.

const wallets = new Map(); // uuid → { info, provider }
let listener = null; // the page's DotNetObjectReference while it is open

window.addEventListener('eip6963:announceProvider', (event) => {
  const { info, provider } = event.detail ?? {};
  // A wallet that does not answer the EIP-6963 shape is ignored rather than trusted half-way.
  if (typeof info?.uuid !== 'string' || typeof info?.name !== 'string' || typeof provider?.request !== 'function') return;
  wallets.set(info.uuid, { info, provider });
  listener?.invokeMethodAsync('OnWalletsChanged', list());
});

/** The wallets announced so far, as plain data for the page. */
export function list() {
  return [...wallets.values()].map(({ info }) => ({
    uuid: info.uuid,
    name: info.name,
    rdns: typeof info.rdns === 'string' ? info.rdns : '',
    // EIP-6963 icons are data URIs; anything else (a remote URL) is not loaded.
    icon: typeof info.icon === 'string' && info.icon.startsWith('data:image/') ? info.icon : '',
  }));
}

/** Asks every installed wallet to announce itself; late answers reach the page through OnWalletsChanged. */
export function discover(dotnet) {
  listener = dotnet;
  window.dispatchEvent(new Event('eip6963:requestProvider'));
  return list();
}

export function stop() {
  listener = null;
}

/** Connects (eth_requestAccounts) and reads the wallet's chain; follows later account and chain switches. */
export async function connect(uuid) {
  const wallet = wallets.get(uuid);
  if (!wallet) return failure('WalletGone', 'that wallet is no longer available; reload the page');
  try {
    const accounts = await wallet.provider.request({ method: 'eth_requestAccounts' });
    const chainId = parseInt(await wallet.provider.request({ method: 'eth_chainId' }), 16);
    if (!Array.isArray(accounts) || accounts.length === 0) return failure('NoAccount', 'the wallet shared no account; unlock it and try again');
    if (!wallet.watching && typeof wallet.provider.on === 'function') {
      wallet.watching = true;
      wallet.provider.on('chainChanged', (id) => listener?.invokeMethodAsync('OnChainChanged', parseInt(id, 16)));
      wallet.provider.on('accountsChanged', (list) => listener?.invokeMethodAsync('OnAccountChanged', list?.[0] ?? null));
    }
    return { ok: true, address: accounts[0], chainId };
  } catch (error) {
    return walletFailure(error);
  }
}

/** Gets the server's message, has the wallet sign it (personal_sign, EIP-191) and posts it back for a session cookie. */
export async function signIn(uuid, address, chainId, returnUrl) {
  const verified = await signAndPost(uuid, address, '/auth/siwe/challenge', { address, chainId }, '/auth/siwe/verify', { returnUrl });
  if (!verified.ok) return verified;
  return { ok: true, redirect: verified.body.redirect, address: verified.body.address };
}

/** The same round trip for a share link: proves the wallet to the link (a cookie for its page), with no account made. */
export async function proveForShare(uuid, address, chainId, secret) {
  const proven = await signAndPost(uuid, address, '/auth/share/challenge', { secret, address, chainId }, '/auth/share/prove', { secret });
  if (!proven.ok) return proven;
  return { ok: true, redirect: proven.body.redirect, address: proven.body.address };
}

async function signAndPost(uuid, address, challengeUrl, challengeBody, verifyUrl, verifyBody) {
  const wallet = wallets.get(uuid);
  if (!wallet) return failure('WalletGone', 'that wallet is no longer available; reload the page');
  const challenge = await post(challengeUrl, challengeBody);
  if (!challenge.ok) return challenge;
  let signature;
  try {
    signature = await wallet.provider.request({ method: 'personal_sign', params: [utf8Hex(challenge.body.message), address] });
  } catch (error) {
    return walletFailure(error);
  }
  return post(verifyUrl, { ...verifyBody, message: challenge.body.message, signature });
}

async function post(url, body) {
  let response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(body),
    });
  } catch {
    return failure('ServerUnreachable', 'the server could not be reached; check the connection and try again');
  }
  const json = await response.json().catch(() => null);
  if (response.ok && json) return { ok: true, body: json };
  if (response.status === 429) return failure('TooManyAttempts', 'too many sign-in attempts from here; wait a minute and try again');
  return failure(json?.code ?? `Http${response.status}`, json?.error ?? `the server answered ${response.status}`);
}

function walletFailure(error) {
  // EIP-1193: 4001 is the user saying no, 4100 an account the wallet will not use, 4900/4901 disconnected.
  if (error?.code === 4001) return failure('UserRejected', 'the request was declined in the wallet');
  if (error?.code === 4100) return failure('Unauthorized', 'the wallet did not authorise this account; unlock it or pick another');
  if (error?.code === 4900 || error?.code === 4901) return failure('Disconnected', 'the wallet is not connected to a chain');
  return failure('WalletError', error?.message ?? String(error));
}

function failure(code, error) {
  return { ok: false, code, error };
}

function utf8Hex(text) {
  return '0x' + [...new TextEncoder().encode(text)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
