import { routeHref } from '../../app/router.ts';

export function DebriefScreen() {
  return (
    <div className="screen-body">
      <h1>Debrief</h1>
      <p className="empty">
        No attempt has been completed on this workstation yet. Finish a case in the{' '}
        <a href={routeHref('cathlab')}>cath lab</a> to see its score here.
      </p>
    </div>
  );
}
