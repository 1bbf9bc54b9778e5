export function ReplayScreen() {
  return (
    <div className="screen-body">
      <h1>Replays</h1>
      <p className="empty">No recorded attempts on this workstation yet.</p>
    </div>
  );
}
