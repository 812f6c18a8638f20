/**
 * Column names for Snowflake as users create their tables. Snowflake stores and resolves an
 * unquoted identifier in upper case (`account_id` is ACCOUNT_ID), and a quoted one exactly
 * (`"account_id"` is account_id): https://docs.snowflake.com/en/sql-reference/identifiers-syntax.
 * A table created the usual way, unquoted, has upper-case columns, so `"account_id"` is "invalid
 * identifier" there (issue 31). By default a plain name (a letter or _, then letters, digits, _
 * and $) is written upper case, unquoted; a keyword Snowflake reserves is written upper case in
 * quotes, which names the same column
 * (https://docs.snowflake.com/en/sql-reference/reserved-keywords; the list is generous: quoting a
 * word that needed none changes nothing). Any other name (a space, a hyphen) can only have been
 * created quoted, so it is quoted as given. --quote-identifiers quotes every name as given.
 */
const PLAIN = /^[A-Za-z_][A-Za-z0-9_$]*$/;

const RESERVED = new Set(
  ("ACCOUNT ALL ALTER AND ANY AS ASC BETWEEN BY CASE CAST CHECK COLUMN CONNECT CONNECTION CONSTRAINT CREATE CROSS CURRENT " +
    "CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER DATABASE DELETE DESC DISTINCT DROP ELSE EXISTS FALSE FOLLOWING FOR " +
    "FROM FULL GRANT GROUP GSCLUSTER HAVING ILIKE IN INCREMENT INNER INSERT INTERSECT INTO IS ISSUE JOIN LATERAL LEFT LIKE " +
    "LOCALTIME LOCALTIMESTAMP MINUS NATURAL NOT NULL OF ON OR ORDER ORGANIZATION QUALIFY REGEXP REVOKE RIGHT RLIKE ROW ROWS " +
    "SAMPLE SCHEMA SELECT SET SOME START TABLE TABLESAMPLE THEN TO TRIGGER TRUE TRY_CAST UNION UNIQUE UPDATE USING VALUES VIEW " +
    "WHEN WHENEVER WHERE WINDOW WITH " +
    // Type names are not reserved, but `CAST(DATE AS VARCHAR)` reads better to a parser as "DATE".
    "ARRAY BINARY BOOLEAN CHAR DATE DECIMAL DOUBLE FLOAT INT INTEGER NUMBER NUMERIC OBJECT REAL STRING TEXT TIME TIMESTAMP VARCHAR VARIANT").split(" "),
);

export function snowflakeName(name: string): string {
  if (!PLAIN.test(name)) return `"${name.replace(/"/g, '""')}"`;
  const upper = name.toUpperCase();
  return RESERVED.has(upper) ? `"${upper}"` : upper;
}
