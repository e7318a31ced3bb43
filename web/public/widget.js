/*
 * ServiceDesk chat widget. Put on any page:
 *   <script src="https://your-desk.example/widget.js" async></script>
 * It adds a chat button at the bottom right that opens the desk's /widget page in a frame.
 */
(() => {
  const script = document.currentScript;
  const origin = script ? new URL(script.src).origin : window.location.origin;
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = '在线咨询 / Chat';
  button.setAttribute('aria-label', 'Chat with the service desk');
  button.style.cssText =
    'position:fixed;right:20px;bottom:20px;z-index:2147483000;padding:10px 16px;border:0;border-radius:20px;background:#1677ff;color:#fff;font:14px sans-serif;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.2)';
  let frame = null;
  button.addEventListener('click', () => {
    if (frame) {
      frame.remove();
      frame = null;
      return;
    }
    frame = document.createElement('iframe');
    frame.src = `${origin}/widget`;
    frame.title = 'Service desk chat';
    frame.style.cssText =
      'position:fixed;right:20px;bottom:70px;width:360px;height:540px;max-height:80vh;z-index:2147483000;border:1px solid #d9d9d9;border-radius:8px;background:#fff;box-shadow:0 4px 16px rgba(0,0,0,.2)';
    document.body.appendChild(frame);
  });
  document.body.appendChild(button);
})();
