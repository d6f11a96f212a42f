import { setTimeout as sleep } from 'node:timers/promises';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Store } from '../../src/connections/store.js';

/** The functions a contract run opens stores with. Within one test, every store they open shares the same data. */
export interface StoreContractFactory {
  /** Opens a store on fresh, empty data for one test. */
  openFresh(): Promise<Store>;
  /**
   * Opens a second, independent store on the same data (a second Redis client). Undefined when
   * the backend allows only one opener, as the embedded store does.
   */
  openPeer?(): Promise<Store>;
  /** Closes `store` and opens the same data again, as a restarted process would. */
  reopen?(store: Store): Promise<Store>;
}

const LONG_TEXT = 'x'.repeat(1_500) + 'é€😀' + 'y'.repeat(1_600);

/** Runs the behaviour every Store implementation must share. */
export function describeStoreContract(name: string, factory: StoreContractFactory): void {
  describe(`${name} store contract`, () => {
    let store: Store;
    const opened: Store[] = [];

    const track = (added: Store): Store => {
      opened.push(added);
      return added;
    };

    beforeEach(async () => {
      store = track(await factory.openFresh());
    });

    afterEach(async () => {
      for (const each of opened.splice(0)) await each.close();
    });

    it('get returns undefined for a missing key', async () => {
      expect(await store.get('connection:T0:U0')).toBeUndefined();
    });

    it('set and get round-trip an object', async () => {
      const value = { teamId: 'T1', userId: 'U1', expiresAt: 1_800_000_000_000, scopes: ['account'], broken: null };
      await store.set('connection:T1:U1', value);
      expect(await store.get('connection:T1:U1')).toEqual(value);
    });

    it('keeps strings of 3,000+ characters intact', async () => {
      expect(LONG_TEXT.length).toBeGreaterThan(3_000);
      await store.set('cache:long', { text: LONG_TEXT });
      expect(await store.get<{ text: string }>('cache:long')).toEqual({ text: LONG_TEXT });
    });

    it('set overwrites an earlier value', async () => {
      await store.set('cache:a', 1);
      await store.set('cache:a', 2);
      expect(await store.get('cache:a')).toBe(2);
    });

    it('value disappears after its TTL', async () => {
      await store.set('oauth-state:short', { v: 1 }, 150);
      expect(await store.get('oauth-state:short')).toEqual({ v: 1 });
      await sleep(300);
      expect(await store.get('oauth-state:short')).toBeUndefined();
      expect(await store.take('oauth-state:short')).toBeUndefined();
    });

    it('value without TTL stays', async () => {
      await store.set('cache:forever', 'kept');
      await sleep(50);
      expect(await store.get('cache:forever')).toBe('kept');
    });

    it('delete removes the key and reports whether it existed', async () => {
      await store.set('cache:gone', 'v');
      expect(await store.delete('cache:gone')).toBe(true);
      expect(await store.get('cache:gone')).toBeUndefined();
      expect(await store.delete('cache:gone')).toBe(false);
    });

    it('delete leaves other keys alone', async () => {
      await store.set('connection:T1:U1', 'one');
      await store.set('connection:T1:U2', 'two');
      await store.delete('connection:T1:U1');
      expect(await store.get('connection:T1:U2')).toBe('two');
    });

    it('take returns the value once', async () => {
      await store.set('oauth-state:s1', { user: 'U1' });
      expect(await store.take('oauth-state:s1')).toEqual({ user: 'U1' });
      expect(await store.take('oauth-state:s1')).toBeUndefined();
      expect(await store.get('oauth-state:s1')).toBeUndefined();
    });

    it('take is single-use under concurrency', async () => {
      await store.set('oauth-state:race', { user: 'U1' }, 60_000);
      const results = await Promise.all(Array.from({ length: 20 }, () => store.take('oauth-state:race')));
      expect(results.filter((result) => result !== undefined)).toHaveLength(1);
    });

    it('lock excludes a second holder', async () => {
      const release = await store.acquireLock('lock:refresh:T1:U1', 5_000, 0);
      expect(release).not.toBeNull();
      expect(await store.acquireLock('lock:refresh:T1:U1', 5_000, 0)).toBeNull();
      expect(await store.acquireLock('lock:refresh:T1:U2', 5_000, 0)).not.toBeNull();

      await release!();
      expect(await store.acquireLock('lock:refresh:T1:U1', 5_000, 0)).not.toBeNull();
    });

    it('waiting lock succeeds once released', async () => {
      const release = await store.acquireLock('lock:wait', 5_000, 0);
      setTimeout(() => void release!(), 100);
      const second = await store.acquireLock('lock:wait', 5_000, 2_000);
      expect(second).not.toBeNull();
    });

    it('lock frees itself after its TTL', async () => {
      expect(await store.acquireLock('lock:ttl', 100, 0)).not.toBeNull();
      expect(await store.acquireLock('lock:ttl', 100, 1_000)).not.toBeNull();
    });

    it('stale release keeps the new holder', async () => {
      const first = await store.acquireLock('lock:stale', 100, 0);
      await sleep(200);
      const second = await store.acquireLock('lock:stale', 5_000, 0);
      expect(second).not.toBeNull();

      await first!();
      expect(await store.acquireLock('lock:stale', 5_000, 0)).toBeNull();
    });

    it('concurrent lockers get one lock', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, () => store.acquireLock('lock:many', 5_000, 0)));
      expect(results.filter((release) => release !== null)).toHaveLength(1);
    });

    it('ping resolves', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    if (factory.openPeer) {
      const openPeer = factory.openPeer;

      it('peer sees values and takes once', async () => {
        const peer = track(await openPeer());
        await store.set('oauth-state:shared', { user: 'U9' }, 60_000);
        expect(await peer.get('oauth-state:shared')).toEqual({ user: 'U9' });

        const results = await Promise.all([store.take('oauth-state:shared'), peer.take('oauth-state:shared')]);
        expect(results.filter((result) => result !== undefined)).toHaveLength(1);
      });

      it('lock excludes a peer client', async () => {
        const peer = track(await openPeer());
        const release = await store.acquireLock('lock:refresh:T1:U1', 5_000, 0);
        expect(release).not.toBeNull();
        expect(await peer.acquireLock('lock:refresh:T1:U1', 5_000, 0)).toBeNull();

        await release!();
        expect(await peer.acquireLock('lock:refresh:T1:U1', 5_000, 0)).not.toBeNull();
      });
    }

    if (factory.reopen) {
      const reopen = factory.reopen;

      it('values survive a reopen', async () => {
        await store.set('connection:T1:U1', { text: LONG_TEXT });
        await store.set('oauth-state:temporary', 'v', 100);
        opened.splice(opened.indexOf(store), 1);
        const reopened = track(await reopen(store));

        expect(await reopened.get('connection:T1:U1')).toEqual({ text: LONG_TEXT });
        await sleep(200);
        expect(await reopened.get('oauth-state:temporary')).toBeUndefined();
      });
    }
  });
}
