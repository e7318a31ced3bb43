import { WidgetChat } from '../../features/chat/WidgetChat.tsx';

/** The page the embeddable widget loads in its frame (see /widget.js). */
export default function WidgetPage() {
  return (
    <div style={{ padding: 8 }}>
      <WidgetChat />
    </div>
  );
}
