import { useEffect, useRef } from 'react';

/**
 * A shared screen in a <video>, with a pointer marker over it. The video keeps its own aspect
 * ratio (width 100%, height from the picture), so a position in 0..1 of the element is the same
 * position on the shared screen on both sides.
 */
export function ScreenView({
  stream,
  pointer,
  onPoint,
  overlay,
  testId,
}: {
  stream: MediaStream | null;
  pointer: { x: number; y: number; key: number } | null;
  onPoint?: (x: number, y: number) => void;
  overlay?: React.ReactNode;
  testId: string;
}) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const element = video.current;
    if (!element) return;
    element.srcObject = stream;
    if (stream) void element.play().catch(() => undefined);
  }, [stream]);
  const click = (event: React.MouseEvent<HTMLVideoElement>) => {
    if (!onPoint) return;
    const rect = event.currentTarget.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return;
    const clamp = (value: number) => Math.min(1, Math.max(0, value));
    onPoint(clamp((event.clientX - rect.left) / rect.width), clamp((event.clientY - rect.top) / rect.height));
  };
  return (
    <div style={{ position: 'relative', background: '#000', lineHeight: 0 }}>
      <video
        ref={video}
        autoPlay
        playsInline
        muted
        onClick={click}
        data-testid={testId}
        style={{ width: '100%', display: 'block', cursor: onPoint ? 'crosshair' : 'default', minHeight: 120 }}
      />
      {pointer && (
        <div
          key={pointer.key}
          data-testid={`${testId}-pointer`}
          style={{
            position: 'absolute',
            left: `${pointer.x * 100}%`,
            top: `${pointer.y * 100}%`,
            width: 28,
            height: 28,
            marginLeft: -14,
            marginTop: -14,
            borderRadius: '50%',
            border: '3px solid #ff4d4f',
            boxShadow: '0 0 0 4px rgba(255,77,79,0.35)',
            pointerEvents: 'none',
          }}
        />
      )}
      {overlay && (
        <div
          style={{
            position: 'absolute',
            inset: 0,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            color: '#fff',
            background: 'rgba(0,0,0,0.6)',
            lineHeight: 1.5,
            pointerEvents: 'none',
          }}
        >
          {overlay}
        </div>
      )}
    </div>
  );
}
