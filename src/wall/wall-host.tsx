// The wall's host page: the wall runs in a frame, and a soft reload is a second frame loaded
// behind the first, swapped in once it has painted its data — the operators never see a blank
// or white screen, and the old page's memory goes with its frame. The host itself holds no data,
// polls nothing and renders two elements: there is nothing in it to leak.
import { useEffect, useRef, useState } from 'react';
import { frameUrl, hostSearch, parseFrameMessage } from './wall-host-protocol';

/** A new frame that has not painted in this long is given up (the old one stays). */
const PENDING_TIMEOUT_MS = 120_000;

interface Frame {
  id: number;
  src: string;
}

export function WallHost() {
  const [frames, setFrames] = useState<Frame[]>(() => [
    { id: 1, src: frameUrl(window.location.pathname, window.location.search) },
  ]);
  const refs = useRef(new Map<number, HTMLIFrameElement>());
  const nextId = useRef(2);

  useEffect(() => {
    const onMessage = (event: MessageEvent<unknown>) => {
      if (event.origin !== window.location.origin) return;
      const message = parseFrameMessage(event.data);
      if (!message) return;
      const from = [...refs.current.entries()].find(
        ([, el]) => el.contentWindow === event.source,
      )?.[0];
      if (from === undefined) return;
      if (message.kind === 'url') {
        window.history.replaceState(
          null,
          '',
          `${window.location.pathname}${hostSearch(message.search)}`,
        );
      } else if (message.kind === 'reload') {
        setFrames((list) => {
          if (list.length > 1 || list[list.length - 1]?.id !== from) return list;
          const id = nextId.current++;
          return [...list, { id, src: frameUrl(window.location.pathname, window.location.search) }];
        });
      } else if (message.kind === 'ready') {
        // The newest frame has painted: the others go.
        setFrames((list) =>
          list[list.length - 1]?.id === from ? list.filter((f) => f.id === from) : list,
        );
      }
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);

  // A new frame that never paints is dropped; the old one carries on and may ask again.
  const pending = frames.length > 1 ? frames[frames.length - 1]!.id : null;
  useEffect(() => {
    if (pending === null) return;
    const timer = setTimeout(
      () => setFrames((list) => list.filter((f) => f.id !== pending)),
      PENDING_TIMEOUT_MS,
    );
    return () => clearTimeout(timer);
  }, [pending]);

  return (
    <>
      {frames.map((frame, i) => (
        <iframe
          key={frame.id}
          ref={(el) => {
            if (el) refs.current.set(frame.id, el);
            else refs.current.delete(frame.id);
          }}
          src={frame.src}
          title="wall"
          className="wall-frame"
          data-testid="wall-frame"
          data-frame={frame.id}
          // The one on screen is on top; a new one paints beneath it until it is ready.
          style={{ zIndex: i === 0 ? 2 : 1 }}
          allow="fullscreen"
        />
      ))}
    </>
  );
}
