import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  AuditOutlined,
  BellOutlined,
  CalendarOutlined,
  DashboardOutlined,
  FileSearchOutlined,
  InboxOutlined,
  PauseCircleOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  ToolOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { Role } from './api/session';

/**
 * Every page of the console: its path, who uses it, and its place in the menu. Pages load on
 * first use (a committee member never downloads the charts). The services decide what each
 * user may see and do; `roles` only keeps the menu to the pages a user's roles can use.
 */
export interface PageRoute {
  path: string;
  page: LazyExoticComponent<ComponentType>;
  roles: readonly Role[];
  /** Key under `menu.` in i18n/common.ts; absent: reached by a link, not from the menu. */
  menu?: string;
  icon?: ReactNode;
}

const ALL: readonly Role[] = [
  'inspector',
  'inspection_supervisor',
  'committee_member',
  'committee_chair',
  'leadership',
  'admin',
];
const INSPECTION: readonly Role[] = ['inspector', 'inspection_supervisor', 'admin'];
const COMMITTEE: readonly Role[] = ['committee_member', 'committee_chair', 'leadership', 'admin'];

export const ROUTES: PageRoute[] = [
  {
    path: '/inbox',
    page: lazy(() => import('./pages/inspector/Inbox')),
    roles: ['inspector', 'inspection_supervisor'],
    menu: 'inbox',
    icon: <InboxOutlined />,
  },
  {
    path: '/findings',
    page: lazy(() => import('./pages/inspector/Findings')),
    roles: [...INSPECTION, 'leadership'],
    menu: 'findings',
    icon: <FileSearchOutlined />,
  },
  {
    path: '/findings/:findingId',
    page: lazy(() => import('./pages/inspector/FindingPage')),
    roles: [...INSPECTION, 'leadership'],
  },
  {
    path: '/team',
    page: lazy(() => import('./pages/supervisor/Team')),
    roles: ['inspection_supervisor'],
    menu: 'team',
    icon: <TeamOutlined />,
  },
  {
    path: '/suppressions',
    page: lazy(() => import('./pages/supervisor/Suppressions')),
    roles: ['inspection_supervisor', 'leadership', 'admin'],
    menu: 'suppressions',
    icon: <PauseCircleOutlined />,
  },
  {
    path: '/proceedings',
    page: lazy(() => import('./pages/committee/Proceedings')),
    roles: COMMITTEE,
    menu: 'proceedings',
    icon: <SafetyCertificateOutlined />,
  },
  {
    path: '/proceedings/:proceedingId',
    page: lazy(() => import('./pages/committee/ProceedingPage')),
    // Its subject reads it too (and responds, appeals), whatever their roles; the service decides.
    roles: ALL,
  },
  {
    path: '/dashboard',
    page: lazy(() => import('./pages/leadership/Dashboard')),
    roles: ['leadership', 'admin'],
    menu: 'dashboard',
    icon: <DashboardOutlined />,
  },
  {
    path: '/officers/:officerId',
    page: lazy(() => import('./pages/leadership/OfficerProfile')),
    roles: ['leadership', 'admin', 'committee_member', 'committee_chair'],
  },
  {
    path: '/admin/users',
    page: lazy(() => import('./pages/admin/Users')),
    roles: ['admin'],
    menu: 'users',
    icon: <UserOutlined />,
  },
  {
    path: '/admin/rules',
    page: lazy(() => import('./pages/admin/Rules')),
    roles: ['admin'],
    menu: 'rules',
    icon: <SettingOutlined />,
  },
  {
    path: '/admin/calendar',
    page: lazy(() => import('./pages/admin/Calendar')),
    roles: ['admin'],
    menu: 'calendar',
    icon: <CalendarOutlined />,
  },
  {
    path: '/admin/jobs',
    page: lazy(() => import('./pages/admin/Jobs')),
    roles: ['admin'],
    menu: 'jobs',
    icon: <ToolOutlined />,
  },
  {
    path: '/admin/audit',
    page: lazy(() => import('./pages/admin/Audit')),
    roles: ['admin', 'inspection_supervisor'],
    menu: 'audit',
    icon: <AuditOutlined />,
  },
  {
    path: '/notifications',
    page: lazy(() => import('./pages/inspector/Notifications')),
    roles: ALL,
    menu: 'notifications',
    icon: <BellOutlined />,
  },
];

/** Where a user lands after signing in: the first page of the menu their roles use. */
export function homeOf(roles: readonly Role[]): string {
  return ROUTES.find((r) => r.menu && r.roles.some((role) => roles.includes(role)))?.path ?? '/notifications';
}
