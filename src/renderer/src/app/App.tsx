import { useState } from 'react';
import { BriefingScreen } from '../screens/briefing/BriefingScreen.tsx';
import { CathLabScreen } from '../screens/cathlab/CathLabScreen.tsx';
import { DebriefScreen } from '../screens/debrief/DebriefScreen.tsx';
import { DirectorScreen } from '../screens/director/DirectorScreen.tsx';
import { HomeScreen } from '../screens/home/HomeScreen.tsx';
import { ReplayScreen } from '../screens/replay/ReplayScreen.tsx';
import { SettingsScreen } from '../screens/settings/SettingsScreen.tsx';
import { ProfilePicker } from './ProfilePicker.tsx';
import { routeHref, useRoute, type Route, type ScreenId } from './router.ts';
import { useSession } from './session.tsx';
import type { ProfileRole } from '../../../contract/calls.ts';

interface NavItem {
  screen: ScreenId;
  label: string;
  roles: readonly ProfileRole[];
}

/** What each role sees in the navigation. Directors see everything a trainee does, plus the console. */
const navigation: readonly NavItem[] = [
  { screen: 'home', label: 'Home', roles: ['trainee', 'director'] },
  { screen: 'briefing', label: 'Briefing', roles: ['trainee', 'director'] },
  { screen: 'cathlab', label: 'Cath lab', roles: ['trainee', 'director'] },
  { screen: 'debrief', label: 'Debrief', roles: ['trainee', 'director'] },
  { screen: 'replay', label: 'Replays', roles: ['trainee', 'director'] },
  { screen: 'director', label: 'Director', roles: ['director'] },
  { screen: 'settings', label: 'Settings', roles: ['trainee', 'director'] },
];

export function App() {
  const session = useSession();
  const route = useRoute();
  const [choosingProfile, setChoosingProfile] = useState(false);
  const profile = session.activeProfile;

  return (
    <div className="app-shell">
      <header className="top-bar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◉
          </span>
          IR Trainer
        </div>
        {profile && (
          <nav className="main-nav" aria-label="Screens">
            {navigation
              .filter((item) => item.roles.includes(profile.role))
              .map((item) => (
                <a
                  key={item.screen}
                  href={routeHref(item.screen)}
                  className={route.screen === item.screen ? 'nav-link current' : 'nav-link'}
                  aria-current={route.screen === item.screen ? 'page' : undefined}
                >
                  {item.label}
                </a>
              ))}
          </nav>
        )}
        <button className="profile-button" onClick={() => setChoosingProfile(true)} aria-label="Change profile">
          {profile ? (
            <>
              <span className="profile-name">{profile.displayName}</span>
              <span className={`role-badge role-${profile.role}`}>{profile.role}</span>
            </>
          ) : (
            'Choose profile'
          )}
        </button>
      </header>
      <main className="screen">
        {!profile || choosingProfile ? (
          <ProfilePicker onDone={() => setChoosingProfile(false)} />
        ) : (
          <CurrentScreen route={route} />
        )}
      </main>
    </div>
  );
}

function CurrentScreen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'home':
      return <HomeScreen />;
    case 'briefing':
      return <BriefingScreen scenarioId={route.param} assignmentId={route.query['assignment']} />;
    case 'cathlab':
      return <CathLabScreen scenarioId={route.param} attemptId={route.query['attempt']} />;
    case 'debrief':
      return <DebriefScreen attemptId={route.param} />;
    case 'replay':
      return <ReplayScreen attemptId={route.param} />;
    case 'director':
      return <DirectorScreen />;
    case 'settings':
      return <SettingsScreen />;
  }
}
