package org.opentwinj.platform.session;

/** The names of the session actions, as they appear in {@code "action"} on the wire. */
public final class ActionNames {
    /** Client to GSS (token): open a project; {@link NewSessionRequest}, answers a {@link SessionView}. */
    public static final String SESSION_NEW = "Session.New";
    /** Client to GSS (token): one session; {@link SessionRequest}, answers a {@link SessionView}. */
    public static final String SESSION_GET = "Session.Get";
    /** Client to GSS (token): events after a number, long-polled; {@link EventsRequest}, answers a {@link SessionView}. */
    public static final String SESSION_EVENTS = "Session.Events";
    /**
     * Client to GSS (token): join another user's session of a project the caller may read;
     * {@link SessionRequest}, answers a {@link SessionView}.
     */
    public static final String SESSION_JOIN = "Session.Join";
    /** Client to GSS (token): leave a joined session (it runs on for the others); {@link SessionRequest}, answers a {@link SessionView}. */
    public static final String SESSION_LEAVE = "Session.Leave";
    /**
     * Client to GSS (token): the caller's sessions, or those of projects they may read;
     * {@link ListRequest}, answers a list of {@link SessionView}.
     */
    public static final String SESSION_LIST = "Session.List";
    /** Client to GSS (token): close a session (its opener, the project's owner or an admin); {@link SessionRequest}, answers a {@link SessionView}. */
    public static final String SESSION_CLOSE = "Session.Close";
    /** Client to GSS (token): the session's log records; {@link LogsRequest}, answers {@code records} and {@code next}. */
    public static final String SESSION_LOGS = "Session.Logs";
    /** Relay to GSS (mTLS): where a session's services are; {@link SessionRequest}, answers {@link Routes}. */
    public static final String SESSION_ROUTES = "Session.Routes";
    /** LSS to GSS (mTLS): where a session stands; {@link SessionReport}, answers {@link ReportReply}. */
    public static final String SESSION_REPORT = "Session.Report";
    /** GSS to LSS (mTLS): start a session's services; {@link StartRequest}, answers {@link SessionStateReply}. */
    public static final String SESSION_START = "Session.Start";
    /** GSS to LSS (mTLS): stop a session's services; {@link SessionRequest}, answers {@link SessionStateReply}. */
    public static final String SESSION_STOP = "Session.Stop";
    /** LSS to GSS (mTLS): {@link RegisterRequest}, answers {@link RegisterReply}. */
    public static final String LSS_REGISTER = "Lss.Register";
    /** LSS to GSS (mTLS): {@link HeartbeatRequest}, answers {@link HeartbeatReply}. */
    public static final String LSS_HEARTBEAT = "Lss.Heartbeat";
    /** Session service to its LSS (mTLS): it serves; {@link ConfirmRequest}, answers {@link ConfirmReply}. */
    public static final String SERVICE_CONFIRM = "Service.Confirm";
    /** LSS to every session service (mTLS): all are up; {@link RunRequest}, answers {@link RunReply}. */
    public static final String RUN = "Run";
    /** Session service to the relay (mTLS): a message for the session's clients; {@link PushRequest}, answers {@link PushReply}. */
    public static final String RELAY_PUSH = "Relay.Push";

    /** Client to GSS (token): the session's catalogue of commands; {@link SessionRequest}, answers {@link SessionCommands}. */
    public static final String SESSION_COMMANDS = "Session.Commands";
    /** Client (through the relay) to a compute service: its commands; answers {@link ServiceCommands}. */
    public static final String SERVICE_COMMANDS = "Service.Commands";
    /** Client (through the relay) to a compute service: run a command; {@link CommandRequest}, answers {@link CommandReply}. */
    public static final String COMMAND_RUN = "Command.Run";
    /**
     * Model service to a compute service (mTLS): re-run a command for a parametric update
     * without saving; {@link ComputeRequest}, answers {@link ComputeReply}.
     */
    public static final String COMMAND_COMPUTE = "Command.Compute";
    /** Client (through the relay) to the Model service: the session's jobs; {@link JobListRequest}, answers {@code jobs}: a list of {@link JobView}. */
    public static final String JOB_LIST = "Job.List";
    /** Client (through the relay) to the Model service: one job; {@link JobRequest}, answers a {@link JobView}. */
    public static final String JOB_GET = "Job.Get";
    /**
     * Client (through the relay) to the Model service, which passes it to the job's service:
     * cancel a job; {@link JobRequest}, answers a {@link JobView}.
     */
    public static final String JOB_CANCEL = "Job.Cancel";
    /** Compute service to the Model service (mTLS): a job's new state; {@link JobView}, answers {@link JobView}. */
    public static final String JOB_REPORT = "Job.Report";
    /** LSS to the Model service (mTLS): a service exited unexpectedly; {@link ServiceExitedRequest}. */
    public static final String JOB_SERVICE_EXITED = "Job.ServiceExited";

    /**
     * Relay to GSS (mTLS): a client's message is for an on-demand service that does not run;
     * {@link DemandRequest}, answers {@link DemandReply} once the service confirmed.
     */
    public static final String SESSION_DEMAND = "Session.Demand";
    /**
     * GSS, or a service of the session, to the session's LSS (mTLS): start an on-demand service
     * that does not run (or find the one that does); {@link DemandRequest}, answers
     * {@link DemandReply} once it confirmed.
     */
    public static final String SERVICE_DEMAND = "Service.Demand";

    private ActionNames() {}
}
