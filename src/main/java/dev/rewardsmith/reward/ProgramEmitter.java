package dev.rewardsmith.reward;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.ContinueStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a checked program as JVM source (for Janino) or as C (for CUDA). Both targets get the same explicit
 * semantics where Java and C differ: int arithmetic wraps (C goes through unsigned), Math.min/max propagate NaN
 * and order -0.0 below 0.0, Math.round is {@code floor(x)} plus 1 when the fraction is at least 0.5 (typed
 * double), clamp never throws, toRadians/toDegrees are one multiplication.
 */
final class ProgramEmitter {

    /** Java's constants (java.lang.Math since JDK 9), used literally by both targets. */
    static final double DEGREES_TO_RADIANS = 0.017453292519943295;

    static final double RADIANS_TO_DEGREES = 57.29577951308232;

    private static final String STATE = "s";
    private static final String COMPONENTS = "components";

    private final CheckedProgram program;
    private final boolean c;
    private final String helperPrefix;
    private final StringBuilder out = new StringBuilder();
    private int indent;
    /** The state view and components parameter names of the method being emitted (null when it has none). */
    private String stateName;

    private String componentsName;
    private int forEachCounters;

    private ProgramEmitter(CheckedProgram program, boolean c, String helperPrefix) {
        this.program = program;
        this.c = c;
        this.helperPrefix = helperPrefix;
    }

    /** The Java twin of rs-runtime.h: the helpers both emitters call, and the generated class's closing brace. */
    private static final String JAVA_RUNTIME = resource("rs-runtime-java.txt");

    /** A text resource beside this class (the emitters' runtime helpers). */
    static String resource(String name) {
        try (var in = ProgramEmitter.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " is missing from the classpath");
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A public class {@code className} in package {@code packageName} implementing RewardFunction. */
    static String javaClass(CheckedProgram program, String packageName, String className) {
        ProgramEmitter emitter = new ProgramEmitter(program, false, "h_");
        String state = program.layout().type().getCanonicalName();
        StringBuilder out = emitter.out;
        out.append("package ").append(packageName).append(";\n\n");
        out.append("public final class ")
                .append(className)
                .append(" implements ")
                .append(RewardFunction.class.getCanonicalName())
                .append(" {\n\n");
        out.append("    private final java.util.List names;\n\n");
        out.append("    public ").append(className).append("(java.util.List names) {\n");
        out.append("        this.names = names;\n    }\n\n");
        out.append("    public java.util.List componentNames() {\n        return names;\n    }\n\n");
        out.append("    public double evaluate(Object state, double[] components) {\n");
        // the shaping slot too: the trainer, not the program, writes it
        for (int i = 0; i < program.componentNames().size(); i++) {
            out.append("        components[").append(i).append("] = 0.0;\n");
        }
        out.append("        return entry((").append(state).append(") state, components);\n    }\n\n");
        if (program.potential() != null) {
            out.append("    public boolean hasPotential() {\n        return true;\n    }\n\n");
            out.append("    public double potential(Object state) {\n        return ")
                    .append(emitter.helperPrefix)
                    .append(program.potential().getNameAsString())
                    .append("((")
                    .append(state)
                    .append(") state);\n    }\n\n");
        }
        emitter.indent = 1;
        for (MethodDeclaration method : program.methods()) {
            emitter.method(method, state);
            out.append('\n');
        }
        out.append(JAVA_RUNTIME);
        return out.toString();
    }

    /** The helpers (prefixed {@code <functionName>_h_}) and {@code __device__ double <functionName>(...)}. */
    static String cFunctions(CheckedProgram program, String functionName, String structName) {
        if (program.potential() != null) {
            // the device kernels have no shaping step; TrainingDevice sends such programs to the CPU
            throw new IllegalArgumentException("a program with a potential has no CUDA form: it trains on the CPU");
        }
        ProgramEmitter emitter = new ProgramEmitter(program, true, functionName + "_h_");
        StringBuilder out = emitter.out;
        for (MethodDeclaration method : program.methods()) {
            if (method != program.entry()) {
                out.append("static __device__ ")
                        .append(emitter.signature(method, structName))
                        .append(";\n");
            }
        }
        out.append('\n');
        for (MethodDeclaration method : program.methods()) {
            if (method != program.entry()) {
                out.append("static __device__ ");
                emitter.method(method, structName);
                out.append('\n');
            }
        }
        out.append("__device__ double ")
                .append(functionName)
                .append("(const ")
                .append(structName)
                .append("* ")
                .append(STATE)
                .append(", double* ")
                .append(COMPONENTS)
                .append(") {\n");
        for (int i = 0; i < program.componentIndex().size(); i++) {
            out.append("    components[").append(i).append("] = 0.0;\n");
        }
        emitter.indent = 1;
        emitter.enter(program.entry());
        for (Statement statement : program.entry().getBody().orElseThrow().getStatements()) {
            emitter.statement(statement);
        }
        out.append("}\n");
        return out.toString();
    }

    // ---------------------------------------------------------------------------------------------------------

    private void method(MethodDeclaration method, String stateType) {
        if (!c) {
            line("");
            out.setLength(out.length() - 1);
            out.append("private static ");
        }
        out.append(signature(method, stateType)).append(" {\n");
        int saved = indent;
        indent = c ? 1 : saved + 1;
        enter(method);
        for (Statement statement : method.getBody().orElseThrow().getStatements()) {
            statement(statement);
        }
        indent = saved;
        if (!c) {
            line("}");
        } else {
            out.append("}\n");
        }
    }

    /**
     * Starts a method's body: binds its state view and components names (emitted as s and components whatever
     * the program calls them) and declares the class constants it uses, with their values, as locals.
     */
    private void enter(MethodDeclaration method) {
        stateName = null;
        componentsName = null;
        for (Parameter parameter : method.getParameters()) {
            Signatures.Kind kind = Signatures.kind(parameter, program.layout());
            if (kind == Signatures.Kind.STATE) {
                stateName = parameter.getNameAsString();
            } else if (kind == Signatures.Kind.COMPONENTS) {
                componentsName = parameter.getNameAsString();
            }
        }
        if (method == program.entry()) {
            stateName = program.stateName();
            componentsName = program.componentsName();
        }
        if (program.constants().isEmpty()) {
            return;
        }
        Set<String> used = new HashSet<>();
        for (NameExpr name : method.findAll(NameExpr.class)) {
            used.add(name.getNameAsString());
        }
        // a constant's value may use earlier constants: walk back so that those are declared too
        List<VariableDeclarator> constants = program.constants();
        for (int i = constants.size() - 1; i >= 0; i--) {
            if (used.contains(constants.get(i).getNameAsString())) {
                for (NameExpr name :
                        constants.get(i).getInitializer().orElseThrow().findAll(NameExpr.class)) {
                    used.add(name.getNameAsString());
                }
            }
        }
        for (VariableDeclarator constant : constants) {
            if (used.contains(constant.getNameAsString())) {
                line((c ? "const " : "final ") + typeName(program.type(constant)) + " v_" + constant.getNameAsString()
                        + " = " + expression(constant.getInitializer().orElseThrow()) + ";");
            }
        }
    }

    private String signature(MethodDeclaration method, String stateType) {
        StringBuilder signature = new StringBuilder();
        if (method == program.entry()) {
            signature
                    .append("double entry(")
                    .append(stateType)
                    .append(' ')
                    .append(STATE)
                    .append(", double[] ")
                    .append(COMPONENTS)
                    .append(')');
            return signature.toString();
        }
        signature
                .append(method.getType().isVoidType() ? "void" : typeName(ProgramChecker.valueType(method.getType())))
                .append(' ')
                .append(helperPrefix)
                .append(method.getNameAsString())
                .append('(');
        boolean first = true;
        for (Parameter parameter : method.getParameters()) {
            signature.append(first ? "" : ", ");
            first = false;
            switch (Signatures.kind(parameter, program.layout())) {
                case STATE ->
                    signature
                            .append(c ? "const " + stateType + "* " : stateType + " ")
                            .append(STATE);
                case COMPONENTS ->
                    signature.append(c ? "double* " : "double[] ").append(COMPONENTS);
                case VALUE ->
                    signature
                            .append(typeName(ProgramChecker.valueType(parameter.getType())))
                            .append(" v_")
                            .append(parameter.getNameAsString());
            }
        }
        return signature.append(')').toString();
    }

    private String typeName(ValueType type) {
        return switch (type) {
            case DOUBLE -> "double";
            case INT -> "int";
            case BOOLEAN -> c ? "int" : "boolean";
            case ARRAY -> c ? "const double*" : "double[]";
            case VOID -> "void";
            default -> throw new IllegalStateException("no declared type " + type);
        };
    }

    private void line(String text) {
        out.append("    ".repeat(indent)).append(text).append('\n');
    }

    private void statement(Statement statement) {
        if (statement instanceof BlockStmt block) {
            line("{");
            indent++;
            for (Statement inner : block.getStatements()) {
                statement(inner);
            }
            indent--;
            line("}");
        } else if (statement instanceof ExpressionStmt expressionStatement) {
            expressionStatement(expressionStatement.getExpression());
        } else if (statement instanceof IfStmt ifStatement) {
            line("if (" + expression(ifStatement.getCondition()) + ") {");
            nested(ifStatement.getThenStmt());
            if (ifStatement.getElseStmt().isPresent()) {
                line("} else {");
                nested(ifStatement.getElseStmt().get());
            }
            line("}");
        } else if (statement instanceof ForStmt loop) {
            VariableDeclarationExpr init =
                    (VariableDeclarationExpr) loop.getInitialization().get(0);
            VariableDeclarator variable = init.getVariables().get(0);
            String name = "v_" + variable.getNameAsString();
            BinaryExpr compare = (BinaryExpr) loop.getCompare().orElseThrow();
            Expression update = loop.getUpdate().get(0);
            String step;
            if (update instanceof UnaryExpr unary) {
                boolean up = unary.getOperator() == UnaryExpr.Operator.POSTFIX_INCREMENT
                        || unary.getOperator() == UnaryExpr.Operator.PREFIX_INCREMENT;
                step = name + (up ? "++" : "--");
            } else {
                AssignExpr assign = (AssignExpr) update;
                step = name + " " + assign.getOperator().asString() + " " + expression(assign.getValue());
            }
            line("for (int " + name + " = "
                    + expression(variable.getInitializer().orElseThrow()) + "; " + name
                    + " " + compare.getOperator().asString() + " " + expression(compare.getRight()) + "; " + step
                    + ") {");
            nested(loop.getBody());
            line("}");
        } else if (statement instanceof ForEachStmt loop) {
            // an index loop over the array's fixed length; the variable is a local holding the element
            String counter = "rs_k" + forEachCounters++;
            int length = program.length(loop);
            VariableDeclarator variable = loop.getVariable().getVariables().get(0);
            line("for (int " + counter + " = 0; " + counter + " < " + length + "; " + counter + "++) {");
            indent++;
            line("double v_" + variable.getNameAsString() + " = " + expression(loop.getIterable()) + "[" + counter
                    + "];");
            indent--;
            nested(loop.getBody());
            line("}");
        } else if (statement instanceof ReturnStmt returnStatement) {
            line(
                    returnStatement.getExpression().isEmpty()
                            ? "return;"
                            : "return "
                                    + expression(returnStatement.getExpression().get()) + ";");
        } else if (statement instanceof BreakStmt) {
            line("break;");
        } else if (statement instanceof ContinueStmt) {
            line("continue;");
        } else if (statement instanceof EmptyStmt) {
            line(";");
        } else {
            throw new IllegalStateException("unchecked statement " + statement);
        }
    }

    private void nested(Statement statement) {
        indent++;
        if (statement instanceof BlockStmt block) {
            for (Statement inner : block.getStatements()) {
                statement(inner);
            }
        } else {
            statement(statement);
        }
        indent--;
    }

    private void expressionStatement(Expression expression) {
        if (expression instanceof VariableDeclarationExpr declaration) {
            for (VariableDeclarator variable : declaration.getVariables()) {
                ValueType type = program.type(variable);
                String initial = variable.getInitializer()
                        .map(this::expression)
                        .orElse(type == ValueType.DOUBLE ? "0.0" : type == ValueType.INT ? "0" : c ? "0" : "false");
                line(typeName(type) + " v_" + variable.getNameAsString() + " = " + initial + ";");
            }
        } else if (expression instanceof AssignExpr assign) {
            String target = "v_" + ((NameExpr) assign.getTarget()).getNameAsString();
            ValueType type = program.type(assign);
            String value = expression(assign.getValue());
            switch (assign.getOperator()) {
                case ASSIGN -> line(target + " = " + value + ";");
                case PLUS, MINUS, MULTIPLY -> {
                    String operator = assign.getOperator().asString().substring(0, 1);
                    line(target + " = " + arithmetic(operator, type, target, value) + ";");
                }
                case DIVIDE -> line(target + " = (" + target + " / " + value + ");");
                case REMAINDER -> line(target + " = " + remainder(type, target, value) + ";");
                default -> throw new IllegalStateException("unchecked assignment " + assign);
            }
        } else if (expression instanceof UnaryExpr unary) {
            String target = "v_" + ((NameExpr) unary.getExpression()).getNameAsString();
            boolean up = unary.getOperator() == UnaryExpr.Operator.POSTFIX_INCREMENT
                    || unary.getOperator() == UnaryExpr.Operator.PREFIX_INCREMENT;
            ValueType type = program.type(unary);
            String one = type == ValueType.INT ? "1" : "1.0";
            line(target + " = " + arithmetic(up ? "+" : "-", type, target, one) + ";");
        } else if (expression instanceof MethodCallExpr call && call.getScope().isEmpty()) {
            line(call(call) + ";");
        } else if (expression instanceof MethodCallExpr call) {
            String name = ((StringLiteralExpr) call.getArgument(0)).asString();
            int index = program.componentIndex().get(name);
            line(COMPONENTS + "[" + index + "] = " + expression(call.getArgument(1)) + ";");
        } else {
            throw new IllegalStateException("unchecked statement expression " + expression);
        }
    }

    private String arithmetic(String operator, ValueType type, String a, String b) {
        if (c && type == ValueType.INT) {
            String function =
                    switch (operator) {
                        case "+" -> "rs_iadd";
                        case "-" -> "rs_isub";
                        default -> "rs_imul";
                    };
            return function + "(" + a + ", " + b + ")";
        }
        return "(" + a + " " + operator + " " + b + ")";
    }

    private String remainder(ValueType type, String a, String b) {
        if (c && type == ValueType.DOUBLE) {
            return "fmod(" + a + ", " + b + ")";
        }
        return "(" + a + " % " + b + ")";
    }

    private String expression(Expression expression) {
        if (expression instanceof EnclosedExpr enclosed) {
            return expression(enclosed.getInner());
        }
        if (expression instanceof IntegerLiteralExpr literal) {
            // hex literals can be negative; parenthesize so that "-" before them never forms "--", and spell
            // the minimum so that C reads it as an int
            int value = literal.asInt();
            return value == Integer.MIN_VALUE
                    ? "(-2147483647 - 1)"
                    : value < 0 ? "(" + value + ")" : Integer.toString(value);
        }
        if (expression instanceof DoubleLiteralExpr literal) {
            return number(ProgramChecker.doubleValue(literal));
        }
        if (expression instanceof BooleanLiteralExpr literal) {
            return c ? (literal.getValue() ? "1" : "0") : Boolean.toString(literal.getValue());
        }
        if (expression instanceof NameExpr name) {
            if (name.getNameAsString().equals(stateName)) {
                return STATE;
            }
            if (name.getNameAsString().equals(componentsName)) {
                return COMPONENTS;
            }
            return "v_" + name.getNameAsString();
        }
        if (expression instanceof FieldAccessExpr field) {
            return field(field);
        }
        if (expression instanceof ArrayAccessExpr access) {
            return expression(access.getName()) + "[" + expression(access.getIndex()) + "]";
        }
        if (expression instanceof MethodCallExpr call) {
            return call(call);
        }
        if (expression instanceof BinaryExpr binary) {
            return binary(binary);
        }
        if (expression instanceof UnaryExpr unary) {
            String operand = expression(unary.getExpression());
            return switch (unary.getOperator()) {
                case PLUS -> operand;
                case MINUS ->
                    c && program.type(unary) == ValueType.INT ? "rs_ineg(" + operand + ")" : "(-" + operand + ")";
                case LOGICAL_COMPLEMENT -> "(!" + operand + ")";
                default -> throw new IllegalStateException("unchecked unary " + unary);
            };
        }
        if (expression instanceof ConditionalExpr conditional) {
            return "(" + expression(conditional.getCondition()) + " ? " + expression(conditional.getThenExpr()) + " : "
                    + expression(conditional.getElseExpr()) + ")";
        }
        if (expression instanceof CastExpr cast) {
            String operand = expression(cast.getExpression());
            if (program.type(cast) == ValueType.INT) {
                // Java's (int): NaN is 0, out of range saturates, else toward zero; C's cast is undefined there
                boolean fromInt = program.type(cast.getExpression()) == ValueType.INT;
                return fromInt ? operand : c ? "rs_d2i(" + operand + ")" : "((int) " + operand + ")";
            }
            return "((double) " + operand + ")";
        }
        throw new IllegalStateException("unchecked expression " + expression);
    }

    private static Expression unwrap(Expression expression) {
        Expression e = expression;
        while (e instanceof EnclosedExpr enclosed) {
            e = enclosed.getInner();
        }
        return e;
    }

    /** Shortest round-tripping decimal; Java and C both read it back to the same double. */
    private static String number(double value) {
        return Double.toString(value);
    }

    private String field(FieldAccessExpr field) {
        Expression scope = unwrap(field.getScope());
        if (scope instanceof NameExpr name && name.getNameAsString().equals("Math")) {
            return number(field.getNameAsString().equals("PI") ? Math.PI : Math.E);
        }
        if (field.getNameAsString().equals("length") && program.type(field) == ValueType.INT) {
            return Integer.toString(program.length(field));
        }
        return STATE + (c ? "->" : ".") + field.getNameAsString();
    }

    private String call(MethodCallExpr call) {
        StringBuilder arguments = new StringBuilder();
        for (Expression argument : call.getArguments()) {
            arguments.append(arguments.isEmpty() ? "" : ", ").append(expression(argument));
        }
        if (call.getScope().isEmpty()) {
            return helperPrefix + call.getNameAsString() + "(" + arguments + ")";
        }
        String name = call.getNameAsString();
        boolean intResult = program.type(call) == ValueType.INT;
        String args = arguments.toString();
        if (call.getScope().get() instanceof NameExpr scope
                && scope.getNameAsString().equals("Double")) {
            // both targets call their own rs_ helpers: Janino cannot load java.lang.Double (its interfaces live
            // outside java.lang, which reward programs do not see)
            return "rs_" + name.toLowerCase(java.util.Locale.ROOT) + "(" + args + ")";
        }
        return switch (name) {
            case "floorMod" -> c ? "rs_ifloormod(" + args + ")" : "Math.floorMod(" + args + ")";
            case "copySign" -> {
                String magnitude = expression(call.getArgument(0));
                String sign = expression(call.getArgument(1));
                // a NaN sign counts as positive on both targets (StrictMath's rule), not its raw sign bit
                yield "rs_copysign(" + magnitude + ", " + sign + ")";
            }
            case "IEEEremainder" ->
                c
                        ? "remainder(" + args + ")"
                        : "Math.IEEEremainder((double) " + expression(call.getArgument(0)) + ", (double) "
                                + expression(call.getArgument(1)) + ")";
            case "abs" -> c ? (intResult ? "rs_iabs(" : "fabs(") + args + ")" : "Math.abs(" + args + ")";
            case "min" -> c ? (intResult ? "rs_imin(" : "rs_fmin(") + args + ")" : "Math.min(" + args + ")";
            case "max" -> c ? (intResult ? "rs_imax(" : "rs_fmax(") + args + ")" : "Math.max(" + args + ")";
            case "clamp" -> {
                String v = expression(call.getArgument(0));
                String lo = expression(call.getArgument(1));
                String hi = expression(call.getArgument(2));
                if (c) {
                    yield (intResult ? "rs_iclamp(" : "rs_fclamp(") + v + ", " + lo + ", " + hi + ")";
                }
                String cast = intResult ? "" : "(double) ";
                yield "Math.min(Math.max(" + cast + v + ", " + cast + lo + "), " + cast + hi + ")";
            }
            case "round" -> "rs_round(" + args + ")";
            case "signum" -> c ? "rs_signum(" + args + ")" : "Math.signum((double) " + args + ")";
            case "toRadians" -> "(" + args + " * " + number(DEGREES_TO_RADIANS) + ")";
            case "toDegrees" -> "(" + args + " * " + number(RADIANS_TO_DEGREES) + ")";
            default -> {
                if (c) {
                    yield name + "(" + args + ")";
                }
                // int arguments go through the double overloads, as the checker typed them
                StringBuilder widened = new StringBuilder();
                for (Expression argument : call.getArguments()) {
                    widened.append(widened.isEmpty() ? "" : ", ")
                            .append("(double) ")
                            .append(expression(argument));
                }
                yield "Math." + name + "(" + widened + ")";
            }
        };
    }

    private String binary(BinaryExpr binary) {
        BinaryExpr.Operator operator = binary.getOperator();
        String a = expression(binary.getLeft());
        String b = expression(binary.getRight());
        ValueType type = program.type(binary);
        return switch (operator) {
            case PLUS, MINUS, MULTIPLY -> arithmetic(operator.asString(), type, a, b);
            case REMAINDER -> remainder(type, a, b);
            default -> "(" + a + " " + operator.asString() + " " + b + ")";
        };
    }
}
