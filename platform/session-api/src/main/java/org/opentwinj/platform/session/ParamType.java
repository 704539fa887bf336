package org.opentwinj.platform.session;

/**
 * The type of a command's parameter, and of an entity's typed property (the same schema
 * serves both: a command's parameters become the properties of what it makes).
 */
public enum ParamType {
    /** A real number, with an optional unit and inclusive bounds; JSON number. */
    NUMBER,
    /** A whole number with optional inclusive bounds; JSON integer. */
    INTEGER,
    /** JSON true or false. */
    BOOLEAN,
    /** One of {@link ParamSpec#choices()}; JSON string. */
    CHOICE,
    /** Free text of at most {@link ParamSpec#maxLength()} code points; JSON string. */
    TEXT,
    /** Three real numbers with a unit (a point or a direction); JSON array of 3 numbers. */
    VECTOR3,
    /** The id of an entity of one of {@link ParamSpec#entityTypes()} in the session's model; JSON string. */
    ENTITY,
    /**
     * A file the client uploaded to the Model first ({@code Model.StageData}); JSON object
     * {@code {"upload": id, "name": file name, "size": bytes}}.
     */
    FILE,
    /** A list of values of {@link ParamSpec#item()}; JSON array, its length within min and max. */
    LIST
}
