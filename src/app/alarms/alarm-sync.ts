import type { QueryClient } from '@tanstack/react-query';
import type { AppConfig } from '@/config/config-schema';
import type { AlarmAck } from '@/feeds/alarms';
import type { FeedClient } from '@/feeds/feed-client';
import { ALARMS } from './alarm-queries';

const STORAGE_KEY = 'city-brain.alarm-acks.v1';
const CHANNEL = 'city-brain.alarms';
/** Acknowledgements kept on the machine (the newest). */
const KEEP = 500;

const isAck = (v: unknown): v is AlarmAck => {
  const a = v as Partial<AlarmAck> | null;
  return (
    !!a &&
    typeof a.key === 'string' &&
    a.key.length <= 200 &&
    typeof a.firstAt === 'number' &&
    typeof a.at === 'number' &&
    typeof a.by === 'string' &&
    a.by.length <= 80
  );
};

/** Acknowledgements stored on this machine by any window of the app. */
export function storedAcks(storage: Pick<Storage, 'getItem'> | null = safeStorage()): AlarmAck[] {
  try {
    const raw: unknown = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(raw) ? raw.filter(isAck) : [];
  } catch {
    return [];
  }
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export interface AlarmSync {
  /** A desktop user acknowledged an alarm here. */
  acknowledge(ack: AlarmAck): void;
  dispose(): void;
}

/**
 * Acknowledgement is shared by every window of the app on the machine — at once through a
 * BroadcastChannel, and through localStorage for windows opened later — and with the backend
 * where the configuration names one (docs/api.md, optional `alarm-acks`).
 */
export function startAlarmSync(
  client: FeedClient,
  queryClient: QueryClient,
  config: AppConfig,
): AlarmSync {
  const storage = safeStorage();
  const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL);
  const refresh = () => void queryClient.refetchQueries({ queryKey: ['view', ALARMS.id] });
  const receive = (ack: AlarmAck) => {
    client.acknowledge(ack);
    refresh();
  };
  const store = (ack: AlarmAck) => {
    if (!storage) return;
    const all = [...storedAcks(storage).filter((a) => a.key !== ack.key), ack].slice(-KEEP);
    try {
      storage.setItem(STORAGE_KEY, JSON.stringify(all));
    } catch {
      // A full or disabled storage: the channel and the backend still share it.
    }
  };
  channel?.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isAck(event.data)) receive(event.data);
  });
  const onStorage = (event: StorageEvent) => {
    if (event.key !== STORAGE_KEY) return;
    for (const ack of storedAcks(storage)) client.acknowledge(ack);
    refresh();
  };
  window.addEventListener('storage', onStorage);

  const base = config.alarms?.ackBaseUrl?.replace(/\/$/, '');
  let since = 0;
  let timer: ReturnType<typeof setInterval> | null = null;
  if (base) {
    const pull = async () => {
      try {
        const response = await fetch(`${base}/alarm-acks?since=${since}`, {
          headers: { Accept: 'application/json' },
          cache: 'no-store',
        });
        if (!response.ok) return;
        const body = (await response.json()) as { acks?: unknown };
        if (!Array.isArray(body.acks)) return;
        for (const ack of body.acks.filter(isAck)) {
          since = Math.max(since, ack.at);
          receive(ack);
        }
      } catch {
        // The backend's acknowledgements are optional; the machine's still work.
      }
    };
    void pull();
    timer = setInterval(() => void pull(), 10_000);
  }

  return {
    acknowledge(ack) {
      store(ack);
      channel?.postMessage(ack);
      receive(ack);
      if (base)
        void fetch(`${base}/alarm-acks`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(ack),
        }).catch(() => undefined);
    },
    dispose() {
      channel?.close();
      window.removeEventListener('storage', onStorage);
      if (timer) clearInterval(timer);
    },
  };
}
