import { lazy, Suspense } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import type { Role } from '../../../contracts/identity.ts';
import { PageLoading } from '../shared/ui/PageLoading.tsx';
import { LoginPage } from '../surfaces/auth/LoginPage.tsx';
import { AppShell } from './AppShell.tsx';
import { NotFound } from './NotFound.tsx';
import { HomeRedirect, RequireAuth } from './RequireAuth.tsx';
import { RouteError } from './RouteError.tsx';

// Each audience's pages load on first visit, so a requester never downloads the admin screens.
const PortalHome = lazy(() => import('../surfaces/portal/PortalHome.tsx'));
const PortalNewTicket = lazy(() => import('../surfaces/portal/PortalNewTicket.tsx'));
const PortalTicket = lazy(() => import('../surfaces/portal/PortalTicket.tsx'));
const AgentQueue = lazy(() => import('../surfaces/agent/AgentQueuePage.tsx'));
const AgentTicket = lazy(() => import('../surfaces/agent/AgentTicketPage.tsx'));
const PhoneCall = lazy(() => import('../surfaces/agent/PhoneCallPage.tsx'));
// Channels (issue 5): chat, call log and call-backs, canned responses, channel administration, the widget.
const PortalChat = lazy(() => import('../surfaces/portal/PortalChat.tsx'));
const RemoteJoin = lazy(() => import('../features/remote-assist/RemoteJoinPage.tsx'));
const ChatConsole = lazy(() => import('../surfaces/agent/ChatConsolePage.tsx'));
const Callbacks = lazy(() => import('../surfaces/agent/CallbacksPage.tsx'));
const CannedResponses = lazy(() => import('../surfaces/agent/CannedResponsesPage.tsx'));
const AdminMailboxes = lazy(() => import('../surfaces/admin/MailboxesPage.tsx'));
const AdminTemplates = lazy(() => import('../surfaces/admin/TemplatesPage.tsx'));
const AdminImBots = lazy(() => import('../surfaces/admin/ImBotsPage.tsx'));
const AdminAlertSources = lazy(() => import('../surfaces/admin/AlertSourcesPage.tsx'));
const Widget = lazy(() => import('../surfaces/widget/WidgetPage.tsx'));
// Knowledge (issue 4): articles, editor with versions, search synonyms.
const KnowledgeList = lazy(() => import('../surfaces/knowledge/KnowledgeListPage.tsx'));
const ArticleEditor = lazy(() => import('../surfaces/knowledge/ArticleEditorPage.tsx'));
const AdminRunbooks = lazy(() => import('../surfaces/admin/RunbooksPage.tsx'));
const AdminSynonyms = lazy(() => import('../surfaces/admin/SynonymsPage.tsx'));
const PortalCatalog = lazy(() => import('../features/service-catalog/PortalCatalogPage.tsx'));
const CatalogAdmin = lazy(() => import('../features/service-catalog/CatalogAdminPage.tsx'));
const PortalKb = lazy(() => import('../features/portal-kb/PortalKbPage.tsx'));
const PortalArticle = lazy(() => import('../features/portal-kb/PortalArticlePage.tsx'));
const ProblemCandidates = lazy(() => import('../features/problem-candidates/ProblemCandidatesPage.tsx'));
const Problems = lazy(() => import('../features/problems/ProblemsPage.tsx'));
const ProblemDetail = lazy(() => import('../features/problems/ProblemDetailPage.tsx'));
const TriageSettings = lazy(() => import('../features/triage-settings/TriageSettingsPage.tsx'));
const AdminLayout = lazy(() => import('../surfaces/admin/AdminLayout.tsx'));
const AdminUsers = lazy(() => import('../surfaces/admin/UsersPage.tsx'));
const AdminTeams = lazy(() => import('../surfaces/admin/TeamsPage.tsx'));
const AdminOrganizations = lazy(() => import('../surfaces/admin/OrganizationsPage.tsx'));
const AdminCategories = lazy(() => import('../surfaces/admin/CategoriesPage.tsx'));
const AdminPriorityMatrix = lazy(() => import('../surfaces/admin/PriorityMatrixPage.tsx'));
const AdminImport = lazy(() => import('../surfaces/admin/ImportPage.tsx'));
const AdminTokens = lazy(() => import('../surfaces/admin/TokensPage.tsx'));
// Service levels (issue 3): business calendars and SLA policies.
const SlaCalendars = lazy(() => import('../features/sla-admin/CalendarsPage.tsx'));
const SlaPolicies = lazy(() => import('../features/sla-admin/PoliciesPage.tsx'));
const RoutingAdmin = lazy(() => import('../features/routing-admin/RoutingPage.tsx'));
const AutomationRules = lazy(() => import('../features/automation-rules/RulesPage.tsx'));
const EscalationReport = lazy(() => import('../features/escalation/EscalationReportPage.tsx'));
const MajorIncidents = lazy(() => import('../features/major-incident/MajorIncidentsPage.tsx'));
const Vendors = lazy(() => import('../features/vendor/VendorsPage.tsx'));
const DutyRoster = lazy(() => import('../features/duty-roster/DutyRosterPage.tsx'));
// Closing the loop (issue 6): dashboards, quality, and the public survey pages of emailed links.
const Dashboard = lazy(() => import('../surfaces/dashboards/DashboardPage.tsx'));
const WeeklyReport = lazy(() => import('../surfaces/dashboards/WeeklyReportPage.tsx'));
const QualityFollowups = lazy(() => import('../surfaces/quality/FollowupsPage.tsx'));
const NpsCampaigns = lazy(() => import('../surfaces/quality/NpsCampaignsPage.tsx'));
const CsatSurvey = lazy(() => import('../surfaces/survey/CsatSurveyPage.tsx'));
const NpsSurvey = lazy(() => import('../surfaces/survey/NpsSurveyPage.tsx'));
// Approvals (issue 13): anyone's page of what waits for them, and the signed links of mails and IM.
const Approvals = lazy(() => import('../features/approvals/ApprovalsPage.tsx'));
const ApprovalLink = lazy(() => import('../features/approvals/ApprovalLinkPage.tsx'));
// Assets (issue 14): configuration items, their relations, tickets and spare-part replacements.
const Assets = lazy(() => import('../features/assets/AssetsPage.tsx'));
const AssetTypes = lazy(() => import('../features/assets/AssetTypesPage.tsx'));
// Change management (issue 14): changes, the change calendar, freeze windows.
const Changes = lazy(() => import('../features/changes/ChangesPage.tsx'));
const ChangeDetail = lazy(() => import('../features/changes/ChangeDetailPage.tsx'));
const ChangeCalendar = lazy(() => import('../features/changes/ChangeCalendarPage.tsx'));
const ChangeFreezes = lazy(() => import('../features/changes/FreezesPage.tsx'));

const REQUESTER: readonly Role[] = ['requester'];
const STAFF: readonly Role[] = ['agent', 'lead', 'quality', 'admin'];

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  {
    path: '/widget',
    element: (
      <Suspense fallback={<PageLoading />}>
        <Widget />
      </Suspense>
    ),
  },
  {
    path: '/survey/nps/:token',
    element: (
      <Suspense fallback={<PageLoading />}>
        <NpsSurvey />
      </Suspense>
    ),
  },
  {
    path: '/approval-link/:token',
    element: (
      <Suspense fallback={<PageLoading />}>
        <ApprovalLink />
      </Suspense>
    ),
  },
  {
    path: '/survey/:token',
    element: (
      <Suspense fallback={<PageLoading />}>
        <CsatSurvey />
      </Suspense>
    ),
  },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppShell />
      </RequireAuth>
    ),
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'approvals', element: <Approvals /> },
      { path: 'approvals/:id', element: <Approvals /> },
      {
        path: 'portal',
        element: <RequireAuth roles={REQUESTER} />,
        children: [
          { index: true, element: <PortalHome /> },
          { path: 'new', element: <PortalNewTicket /> },
          { path: 'tickets/:id', element: <PortalTicket /> },
          { path: 'chat', element: <PortalChat /> },
          { path: 'remote/:id', element: <RemoteJoin /> },
          { path: 'kb', element: <PortalKb /> },
          { path: 'catalog', element: <PortalCatalog /> },
          { path: 'catalog/:id', element: <PortalCatalog /> },
          { path: 'kb/:id', element: <PortalArticle /> },
        ],
      },
      {
        path: 'agent',
        element: <RequireAuth roles={STAFF} />,
        children: [
          { index: true, element: <AgentQueue /> },
          { path: 'tickets/:id', element: <AgentTicket /> },
          { path: 'phone', element: <PhoneCall /> },
          { path: 'chats', element: <ChatConsole /> },
          { path: 'callbacks', element: <Callbacks /> },
          { path: 'major-incidents', element: <MajorIncidents /> },
          { path: 'assets', element: <Assets /> },
          { path: 'duty-roster', element: <DutyRoster /> },
          { path: 'canned', element: <CannedResponses /> },
          { path: 'kb', element: <KnowledgeList /> },
          { path: 'kb/new', element: <ArticleEditor /> },
          { path: 'kb/:id', element: <ArticleEditor /> },
          { path: 'changes', element: <Changes /> },
          { path: 'changes/calendar', element: <ChangeCalendar /> },
          { path: 'changes/:id', element: <ChangeDetail /> },
          { path: 'change-freezes', element: <ChangeFreezes /> },
          {
            path: 'problems',
            element: (
              <RequireAuth capability="problem.read">
                <ProblemCandidates />
              </RequireAuth>
            ),
          },
          { path: 'problem-management', element: <Problems /> },
          { path: 'problem-management/:id', element: <ProblemDetail /> },
        ],
      },
      {
        path: 'admin',
        element: (
          <RequireAuth capability="settings.manage">
            <AdminLayout />
          </RequireAuth>
        ),
        children: [
          { index: true, element: <Navigate to="users" replace /> },
          { path: 'users', element: <AdminUsers /> },
          { path: 'teams', element: <AdminTeams /> },
          { path: 'organizations', element: <AdminOrganizations /> },
          { path: 'categories', element: <AdminCategories /> },
          { path: 'priority-matrix', element: <AdminPriorityMatrix /> },
          { path: 'import', element: <AdminImport /> },
          { path: 'tokens', element: <AdminTokens /> },
          { path: 'sla-calendars', element: <SlaCalendars /> },
          { path: 'sla-policies', element: <SlaPolicies /> },
          { path: 'routing', element: <RoutingAdmin /> },
          { path: 'automation', element: <AutomationRules /> },
          { path: 'vendors', element: <Vendors /> },
          { path: 'mailboxes', element: <AdminMailboxes /> },
          { path: 'templates', element: <AdminTemplates /> },
          { path: 'im-bots', element: <AdminImBots /> },
          { path: 'alert-sources', element: <AdminAlertSources /> },
          { path: 'runbooks', element: <AdminRunbooks /> },
          { path: 'synonyms', element: <AdminSynonyms /> },
          { path: 'triage', element: <TriageSettings /> },
          { path: 'catalog', element: <CatalogAdmin /> },
          { path: 'asset-types', element: <AssetTypes /> },
        ],
      },
      {
        path: 'dashboards',
        element: <RequireAuth roles={STAFF} />,
        children: [
          {
            element: <RequireAuth capability="report.read" />,
            children: [
              { index: true, element: <Dashboard /> },
              { path: 'weekly', element: <WeeklyReport /> },
            ],
          },
          {
            path: 'escalations',
            element: (
              <RequireAuth capability="escalation.report">
                <EscalationReport />
              </RequireAuth>
            ),
          },
        ],
      },
      {
        path: 'quality',
        element: <RequireAuth capability="quality.followup" />,
        children: [
          { index: true, element: <Navigate to="followups" replace /> },
          { path: 'followups', element: <QualityFollowups /> },
          {
            path: 'nps',
            element: (
              <RequireAuth capability="survey.manage">
                <NpsCampaigns />
              </RequireAuth>
            ),
          },
        ],
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
