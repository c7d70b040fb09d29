/*
 * Strom's rule language: the ksqlDB statement shapes that rules use. The layering of
 * expressions (boolean > predicate > value > primary) follows ksqlDB's SqlBase.g4 so that
 * precedence and what may appear where (e.g. no AND in a GROUP BY item) match ksqlDB.
 * Keywords are case-insensitive; words that ksqlDB users commonly use as column names
 * (SIZE, SESSION, KEY, ...) stay usable as identifiers through `nonReserved`.
 */
grammar StromSql;

options { caseInsensitive = true; }

script
    : ';'* (statement ';'+)* statement? EOF
    ;

singleStatement
    : statement ';'* EOF
    ;

statement
    : CREATE (OR REPLACE)? sourceKind=(STREAM | TABLE) (IF NOT EXISTS)? identifier
        tableElements withProperties?                                      #createSource
    | CREATE (OR REPLACE)? sinkKind=(STREAM | TABLE) (IF NOT EXISTS)? identifier
        withProperties? AS query                                           #createAs
    | query                                                                #bareQuery
    ;

tableElements
    : '(' tableElement (',' tableElement)* ')'
    ;

tableElement
    : identifier type (KEY | PRIMARY KEY)?
    ;

withProperties
    : WITH '(' property (',' property)* ')'
    ;

property
    : identifier EQ literal
    ;

query
    : SELECT selectItem (',' selectItem)*
      FROM relation
      matchRecognize?
      windowExpression?
      (WHERE where=booleanExpression)?
      (GROUP BY groupBy)?
      (PARTITION BY partitionBy)?
      (HAVING having=booleanExpression)?
      (EMIT emit=(CHANGES | FINAL))?
      (LIMIT INTEGER_VALUE)?
    ;

selectItem
    : expression (AS? identifier)?                                         #selectSingle
    | identifier '.' ASTERISK                                              #selectQualifiedAll
    | ASTERISK                                                             #selectAll
    ;

relation
    : aliasedRelation joinClause*
    ;

aliasedRelation
    : identifier (AS? identifier)?
    ;

joinClause
    : joinType JOIN aliasedRelation joinWindow? ON booleanExpression
    ;

joinType
    : INNER?                                                               #innerJoin
    | LEFT OUTER?                                                          #leftJoin
    | RIGHT OUTER?                                                         #rightJoin
    | FULL OUTER?                                                          #fullJoin
    ;

joinWindow
    : WITHIN within=duration (GRACE PERIOD grace=duration)?
    | WITHIN '(' before=duration ',' after=duration ')' (GRACE PERIOD grace=duration)?
    ;

// SQL:2016 row pattern recognition, in Flink SQL's clause order.
matchRecognize
    : MATCH_RECOGNIZE '('
        (PARTITION BY partitionBy)?
        (ORDER BY orderBy=valueExpression ASC?)?
        (MEASURES measure (',' measure)*)?
        (ONE ROW PER MATCH)?
        (AFTER MATCH SKIP_ skipTo)?
        PATTERN '(' patternAlternation ')'
        (WITHIN within=interval)?
        (GRACE PERIOD grace=duration)?
        DEFINE define (',' define)*
      ')' (AS? alias=identifier)?
    ;

measure
    : expression AS identifier
    ;

define
    : identifier AS booleanExpression
    ;

skipTo
    : PAST LAST ROW                                                        #skipPastLastRow
    | TO NEXT ROW                                                          #skipToNextRow
    | TO FIRST identifier                                                  #skipToFirst
    | TO LAST identifier                                                   #skipToLast
    ;

interval
    : INTERVAL STRING identifier
    | duration
    ;

patternAlternation
    : patternConcatenation (PIPE patternConcatenation)*
    ;

patternConcatenation
    : patternQuantified+
    ;

patternQuantified
    : patternPrimary patternQuantifier?
    ;

patternPrimary
    : identifier                                                           #patternVariable
    | '(' patternAlternation ')'                                           #patternGroup
    ;

patternQuantifier
    : ASTERISK reluctant=QUESTION?                                         #zeroOrMore
    | PLUS reluctant=QUESTION?                                             #oneOrMore
    | QUESTION reluctant=QUESTION?                                         #zeroOrOne
    | '{' min=INTEGER_VALUE? (comma=',' max=INTEGER_VALUE?)? '}' reluctant=QUESTION?   #range
    ;

groupBy
    : valueExpression (',' valueExpression)*
    | '(' (valueExpression (',' valueExpression)*)? ')'
    ;

partitionBy
    : valueExpression (',' valueExpression)*
    ;

windowExpression
    : WINDOW TUMBLING '(' SIZE size=duration (',' windowOption)* ')'                                  #tumblingWindow
    | WINDOW HOPPING '(' SIZE size=duration ',' ADVANCE BY advance=duration (',' windowOption)* ')'   #hoppingWindow
    | WINDOW SESSION '(' gap=duration (',' windowOption)* ')'                                         #sessionWindow
    ;

windowOption
    : GRACE PERIOD duration                                                #gracePeriod
    | RETENTION duration                                                   #retention
    ;

duration
    : INTEGER_VALUE identifier
    ;

expression
    : booleanExpression
    ;

booleanExpression
    : predicated                                                           #booleanDefault
    | NOT booleanExpression                                                #logicalNot
    | left=booleanExpression operator=AND right=booleanExpression          #logicalBinary
    | left=booleanExpression operator=OR right=booleanExpression           #logicalBinary
    ;

predicated
    : valueExpression predicate?
    ;

predicate
    : comparisonOperator right=valueExpression                             #comparison
    | IS NOT? DISTINCT FROM right=valueExpression                          #distinctFrom
    | NOT? BETWEEN lower=valueExpression AND upper=valueExpression         #between
    | NOT? IN '(' expression (',' expression)* ')'                         #inList
    | NOT? LIKE pattern=valueExpression (ESCAPE escape=STRING)?            #like
    | IS NOT? NULL                                                         #nullPredicate
    ;

valueExpression
    : primaryExpression                                                    #valueExpressionDefault
    | operator=(MINUS | PLUS) valueExpression                              #arithmeticUnary
    | left=valueExpression operator=(ASTERISK | SLASH | PERCENT) right=valueExpression   #arithmeticBinary
    | left=valueExpression operator=(PLUS | MINUS) right=valueExpression   #arithmeticBinary
    | left=valueExpression CONCAT_OP right=valueExpression                 #concatenation
    ;

primaryExpression
    : literal                                                              #literalExpression
    | CASE operand=expression whenClause+ (ELSE elseExpression=expression)? END   #simpleCase
    | CASE whenClause+ (ELSE elseExpression=expression)? END               #searchedCase
    | CAST '(' expression AS type ')'                                      #cast
    | ARRAY '[' (expression (',' expression)*)? ']'                        #arrayConstructor
    | identifier '(' ASTERISK ')'                                          #functionCallStar
    | identifier '(' qualifier=identifier '.' ASTERISK ')'                 #functionCallQualifiedStar
    | identifier '(' (expression (',' expression)*)? ')'                   #functionCall
    | base=primaryExpression '[' index=valueExpression ']'                 #subscript
    | identifier                                                           #columnReference
    | qualifier=identifier '.' name=identifier                             #qualifiedColumnReference
    | base=primaryExpression STRUCT_FIELD_REF field=identifier             #dereference
    | '(' expression ')'                                                   #parenthesized
    ;

whenClause
    : WHEN condition=expression THEN result=expression
    ;

literal
    : NULL                                                                 #nullLiteral
    | (TRUE | FALSE)                                                       #booleanLiteral
    | STRING                                                               #stringLiteral
    | MINUS? INTEGER_VALUE                                                 #integerLiteral
    | MINUS? DECIMAL_VALUE                                                 #decimalLiteral
    | MINUS? FLOATING_POINT_VALUE                                          #floatLiteral
    ;

type
    : ARRAY '<' type '>'                                                   #arrayType
    | MAP '<' type ',' type '>'                                            #mapType
    | STRUCT '<' (identifier type (',' identifier type)*)? '>'             #structType
    | identifier ('(' INTEGER_VALUE (',' INTEGER_VALUE)* ')')?             #namedType
    ;

comparisonOperator
    : EQ | NEQ | LT | LTE | GT | GTE
    ;

identifier
    : IDENTIFIER                                                           #unquotedIdentifier
    | QUOTED_IDENTIFIER                                                    #quotedIdentifier
    | BACKQUOTED_IDENTIFIER                                                #backQuotedIdentifier
    | DIGIT_IDENTIFIER                                                     #digitIdentifier
    | nonReserved                                                          #unquotedIdentifier
    ;

nonReserved
    : STREAM | TABLE | KEY | PRIMARY | REPLACE | EXISTS | IF | SIZE | ADVANCE | GRACE | PERIOD
    | RETENTION | TUMBLING | HOPPING | SESSION | EMIT | CHANGES | FINAL | WINDOW | PARTITION
    | LIMIT | ESCAPE | MAP | STRUCT | ARRAY
    | ORDER | ASC | MEASURES | ONE | ROW | PER | MATCH | AFTER | SKIP_ | PAST | TO | NEXT | FIRST | LAST
    | PATTERN | WITHIN | DEFINE | INTERVAL
    ;

// ---------------------------------------------------------------- lexer

ADVANCE: 'ADVANCE';
AFTER: 'AFTER';
AND: 'AND';
ARRAY: 'ARRAY';
AS: 'AS';
ASC: 'ASC';
BETWEEN: 'BETWEEN';
BY: 'BY';
CASE: 'CASE';
CAST: 'CAST';
CHANGES: 'CHANGES';
CREATE: 'CREATE';
DEFINE: 'DEFINE';
DISTINCT: 'DISTINCT';
ELSE: 'ELSE';
EMIT: 'EMIT';
END: 'END';
ESCAPE: 'ESCAPE';
EXISTS: 'EXISTS';
FALSE: 'FALSE';
FINAL: 'FINAL';
FIRST: 'FIRST';
FROM: 'FROM';
FULL: 'FULL';
GRACE: 'GRACE';
GROUP: 'GROUP';
HAVING: 'HAVING';
HOPPING: 'HOPPING';
IF: 'IF';
IN: 'IN';
INNER: 'INNER';
INTERVAL: 'INTERVAL';
IS: 'IS';
JOIN: 'JOIN';
KEY: 'KEY';
LAST: 'LAST';
LEFT: 'LEFT';
LIKE: 'LIKE';
LIMIT: 'LIMIT';
MAP: 'MAP';
MATCH: 'MATCH';
MATCH_RECOGNIZE: 'MATCH_RECOGNIZE';
MEASURES: 'MEASURES';
NEXT: 'NEXT';
NOT: 'NOT';
NULL: 'NULL';
ON: 'ON';
ONE: 'ONE';
OR: 'OR';
OUTER: 'OUTER';
ORDER: 'ORDER';
PARTITION: 'PARTITION';
PAST: 'PAST';
PATTERN: 'PATTERN';
PER: 'PER';
PERIOD: 'PERIOD';
PRIMARY: 'PRIMARY';
REPLACE: 'REPLACE';
RETENTION: 'RETENTION';
RIGHT: 'RIGHT';
ROW: 'ROW';
SELECT: 'SELECT';
SESSION: 'SESSION';
SIZE: 'SIZE';
SKIP_: 'SKIP';
STREAM: 'STREAM';
STRUCT: 'STRUCT';
TABLE: 'TABLE';
THEN: 'THEN';
TO: 'TO';
TRUE: 'TRUE';
TUMBLING: 'TUMBLING';
WHEN: 'WHEN';
WHERE: 'WHERE';
WINDOW: 'WINDOW';
WITH: 'WITH';
WITHIN: 'WITHIN';

EQ: '=';
NEQ: '<>' | '!=';
LT: '<';
LTE: '<=';
GT: '>';
GTE: '>=';
PLUS: '+';
MINUS: '-';
ASTERISK: '*';
SLASH: '/';
PERCENT: '%';
CONCAT_OP: '||';
PIPE: '|';
QUESTION: '?';
STRUCT_FIELD_REF: '->';

STRING
    : '\'' ( ~'\'' | '\'\'' )* '\''
    ;

INTEGER_VALUE
    : DIGIT+
    ;

DECIMAL_VALUE
    : DIGIT+ '.' DIGIT*
    | '.' DIGIT+
    ;

FLOATING_POINT_VALUE
    : DIGIT+ ('.' DIGIT*)? EXPONENT
    | '.' DIGIT+ EXPONENT
    ;

IDENTIFIER
    : (LETTER | '_') (LETTER | DIGIT | '_' | '@' | '$')*
    ;

DIGIT_IDENTIFIER
    : DIGIT (LETTER | DIGIT | '_' | '@')+
    ;

QUOTED_IDENTIFIER
    : '"' ( ~'"' | '""' )* '"'
    ;

BACKQUOTED_IDENTIFIER
    : '`' ( ~'`' | '``' )* '`'
    ;

fragment EXPONENT
    : 'E' [+-]? DIGIT+
    ;

fragment DIGIT
    : [0-9]
    ;

fragment LETTER
    : [A-Z]
    ;

SIMPLE_COMMENT
    : '--' ~[\r\n]* '\r'? '\n'? -> channel(HIDDEN)
    ;

BRACKETED_COMMENT
    : '/*' .*? '*/' -> channel(HIDDEN)
    ;

WS
    : [ \r\n\t]+ -> channel(HIDDEN)
    ;

// Anything else becomes one token the parser rejects with a position, instead of a lexer error.
UNRECOGNIZED
    : .
    ;
