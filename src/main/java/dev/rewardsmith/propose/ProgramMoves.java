package dev.rewardsmith.propose;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import dev.rewardsmith.propose.ParsedProgram.Component;
import dev.rewardsmith.propose.ParsedProgram.Term;
import dev.rewardsmith.reward.PotentialShaping;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The program edits an LLM makes in Eureka's examples, each on a {@link ParsedProgram} in place. Every move
 * returns a one-line summary of what it changed, or null when it does not apply to this program (the program
 * is then unchanged). Moves do not validate: the proposer compiles every result.
 */
final class ProgramMoves {

    /** The reward language's limit on components (see docs/architecture.md, The reward language). */
    static final int MAX_COMPONENTS = 16;

    private ProgramMoves() {}

    // ---------------------------------------------------------------------------------------------------------
    // Constants

    /** The non-zero double literals of the program in source order: what {@link #scaleLiteral} can change. */
    static List<DoubleLiteralExpr> literals(ParsedProgram program) {
        List<DoubleLiteralExpr> out = new ArrayList<>();
        for (var method : program.methods()) {
            for (DoubleLiteralExpr literal : method.findAll(DoubleLiteralExpr.class)) {
                if (literal.asDouble() != 0.0) out.add(literal);
            }
        }
        return out;
    }

    /** Multiplies the {@code index}-th of {@link #literals} by {@code factor}: "upright: uprightTemperature 4.0 -> 2.0". */
    static String scaleLiteral(ParsedProgram program, int index, double factor) {
        List<DoubleLiteralExpr> literals = literals(program);
        if (index < 0 || index >= literals.size()) return null;
        DoubleLiteralExpr literal = literals.get(index);
        String what = describe(program, literal);
        String change = scale(literal, factor);
        return change == null ? null : what + " " + change;
    }

    /** Who a literal belongs to and what it is, e.g. "upright: uprightTemperature" or "centred: constant". */
    private static String describe(ParsedProgram program, DoubleLiteralExpr literal) {
        Node parent = literal.getParentNode().orElse(null);
        if (parent instanceof UnaryExpr u && u.getOperator() == UnaryExpr.Operator.MINUS) {
            parent = u.getParentNode().orElse(null);
        }
        String constant = parent instanceof VariableDeclarator v ? v.getNameAsString() : "constant";
        String owner = null;
        Statement statement = program.topLevelStatement(literal);
        if (statement instanceof ReturnStmt) {
            owner = "total";
        } else if (statement instanceof ExpressionStmt e && e.getExpression() instanceof VariableDeclarationExpr d) {
            Set<String> owners = new TreeSet<>();
            Map<String, Set<String>> byLocal = program.owners();
            for (VariableDeclarator v : d.getVariables())
                owners.addAll(byLocal.getOrDefault(v.getNameAsString(), Set.of()));
            if (owners.size() == 1) owner = owners.iterator().next();
        }
        return owner == null ? constant : owner + ": " + constant;
    }

    /**
     * Replaces a literal (or a negated literal) by its value times {@code factor}; returns "a -> b" with signs,
     * or null when the expression is not a non-zero literal.
     */
    private static String scale(Expression literalish, double factor) {
        boolean negated = false;
        Expression e = literalish;
        if (e instanceof UnaryExpr u && u.getOperator() == UnaryExpr.Operator.MINUS) {
            negated = true;
            e = u.getExpression();
        } else if (e.getParentNode().orElse(null) instanceof UnaryExpr u
                && u.getOperator() == UnaryExpr.Operator.MINUS) {
            negated = true;
        }
        double value;
        if (e instanceof DoubleLiteralExpr d) value = d.asDouble();
        else if (e instanceof IntegerLiteralExpr i) value = i.asNumber().doubleValue();
        else return null;
        if (value == 0.0) return null;
        double scaled = value * factor;
        String before = (negated ? "-" : "") + number(value);
        String after = (negated ? "-" : "") + number(scaled);
        e.replace(new DoubleLiteralExpr(number(scaled)));
        return before + " -> " + after;
    }

    /** A double literal with at most four significant digits, e.g. 0.04 rather than 0.04000000000000001. */
    static String number(double v) {
        if (v == 0.0) return "0.0";
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros();
        double a = Math.abs(v);
        if (a < 1e-4 || a >= 1e7) return Double.toString(rounded.doubleValue());
        String plain = rounded.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    private static boolean isLiteral(Expression e) {
        if (e instanceof UnaryExpr u && u.getOperator() == UnaryExpr.Operator.MINUS) e = u.getExpression();
        return e instanceof DoubleLiteralExpr || e instanceof IntegerLiteralExpr;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Temperature and scale

    /**
     * Changes how sharply a component responds: its temperature when it has one (a literal local used only by
     * this component that is named a temperature or sits inside Math.exp/tanh, else a literal inside
     * Math.exp/tanh of its value), otherwise its scale ({@link #rescale}).
     */
    static String retune(ParsedProgram program, String name, double factor) {
        if (isShaping(program, name)) return shaping(program, factor);
        Component component = program.component(name);
        if (component == null || component.variable() == null) return null;
        Map<String, Set<String>> owners = program.owners();
        for (String local : program.definitionOf(component)) {
            VariableDeclarator v = program.topLevelLocal(local);
            if (v == null
                    || v.getInitializer().isEmpty()
                    || !isLiteral(v.getInitializer().get())) continue;
            if (!owners.getOrDefault(local, Set.of()).equals(Set.of(name))) continue;
            if (local.toLowerCase().contains("temperature") || insideSquash(program, local)) {
                String change = scale(v.getInitializer().get(), factor);
                if (change != null) return name + ": " + local + " " + change;
            }
        }
        VariableDeclarator own = program.topLevelLocal(component.variable());
        if (own != null && own.getInitializer().isPresent()) {
            for (MethodCallExpr call : own.getInitializer().get().findAll(MethodCallExpr.class)) {
                if (!isSquash(call)) continue;
                for (DoubleLiteralExpr literal : call.findAll(DoubleLiteralExpr.class)) {
                    String change = literal.asDouble() == 0.0 ? null : scale(literal, factor);
                    if (change != null) return name + ": temperature " + change;
                }
            }
        }
        return rescale(program, name, factor);
    }

    private static boolean isSquash(MethodCallExpr call) {
        return call.getScope().orElse(null) instanceof NameExpr scope
                && scope.getNameAsString().equals("Math")
                && (call.getNameAsString().equals("exp")
                        || call.getNameAsString().equals("tanh"));
    }

    private static boolean insideSquash(ParsedProgram program, String local) {
        for (MethodCallExpr call : program.body().findAll(MethodCallExpr.class)) {
            if (isSquash(call)
                    && call.findAll(NameExpr.class).stream()
                            .anyMatch(n -> n.getNameAsString().equals(local))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Multiplies a component's value by {@code factor} where it is defined, so both the recorded component and
     * the total change: the literal branches of a conditional, else the leading literal or literal weight local
     * of a product, else the whole definition. "centred: scaled x0.5".
     */
    static String rescale(ParsedProgram program, String name, double factor) {
        if (isShaping(program, name)) return shaping(program, factor);
        Component component = program.component(name);
        if (component == null || component.variable() == null) return null;
        VariableDeclarator v = program.topLevelLocal(component.variable());
        if (v == null || v.getInitializer().isEmpty()) return null;
        String summary = name + ": scaled x" + number(factor);
        Expression init = v.getInitializer().get();
        if (init instanceof ConditionalExpr conditional
                && isLiteral(conditional.getThenExpr())
                && isLiteral(conditional.getElseExpr())) {
            String a = scale(conditional.getThenExpr(), factor);
            String b = scale(conditional.getElseExpr(), factor);
            return a == null && b == null ? null : summary;
        }
        Expression leading = init;
        while (leading instanceof BinaryExpr b
                && (b.getOperator() == BinaryExpr.Operator.MULTIPLY || b.getOperator() == BinaryExpr.Operator.DIVIDE)) {
            leading = b.getLeft();
        }
        if (leading instanceof UnaryExpr u && u.getOperator() == UnaryExpr.Operator.MINUS) leading = u.getExpression();
        if (isLiteral(leading) && scale(leading, factor) != null) return summary;
        if (leading instanceof NameExpr weight && program.uses(weight.getNameAsString()) == 1) {
            VariableDeclarator w = program.topLevelLocal(weight.getNameAsString());
            if (w != null
                    && w.getInitializer().isPresent()
                    && isLiteral(w.getInitializer().get())) {
                String change = scale(w.getInitializer().get(), factor);
                if (change != null) return summary + " (" + w.getNameAsString() + " " + change + ")";
            }
        }
        Expression copy = init.clone();
        v.setInitializer(new BinaryExpr(
                new DoubleLiteralExpr(number(factor)),
                ParsedProgram.parenthesized(copy),
                BinaryExpr.Operator.MULTIPLY));
        return summary;
    }

    /** The component the trainer records a potential's shaping in (docs/architecture.md, Potential-based shaping). */
    static final String SHAPING = PotentialShaping.COMPONENT;

    /** Whether {@code name} is the trainer's shaping component of a program that declares a potential. */
    private static boolean isShaping(ParsedProgram program, String name) {
        return name.equals(SHAPING) && program.component(name) == null && potentialOf(program) != null;
    }

    private static MethodDeclaration potentialOf(ParsedProgram program) {
        for (MethodDeclaration method : program.methods()) {
            if (method.getNameAsString().equals(PotentialShaping.METHOD)
                    && method.getBody().isPresent()) {
                return method;
            }
        }
        return null;
    }

    /**
     * Scales the shaping a potential pays (the trainer's potential_shaping component): its literal
     * {@code shapingWeight} when it has one, else every value it returns. "potential_shaping: shapingWeight 1.0 ->
     * 2.0".
     */
    static String shaping(ParsedProgram program, double factor) {
        MethodDeclaration potential = potentialOf(program);
        if (potential == null) return null;
        for (VariableDeclarator v : potential.getBody().orElseThrow().findAll(VariableDeclarator.class)) {
            if (v.getNameAsString().equals("shapingWeight")
                    && v.getInitializer().isPresent()
                    && isLiteral(v.getInitializer().get())) {
                String change = scale(v.getInitializer().get(), factor);
                return change == null ? null : SHAPING + ": shapingWeight " + change;
            }
        }
        List<ReturnStmt> returns = potential.findAll(ReturnStmt.class);
        if (returns.isEmpty()) return null;
        for (ReturnStmt ret : returns) {
            Expression value = ret.getExpression().orElseThrow();
            ret.setExpression(new BinaryExpr(
                    new DoubleLiteralExpr(number(factor)),
                    ParsedProgram.parenthesized(value.clone()),
                    BinaryExpr.Operator.MULTIPLY));
        }
        return SHAPING + ": potential scaled x" + number(factor);
    }

    /** Multiplies a component's term in the returned total by {@code factor}: "upright: weight 1.0 -> 0.5 in the total". */
    static String reweight(ParsedProgram program, String name, double factor) {
        if (isShaping(program, name)) return shaping(program, factor);
        Component component = program.component(name);
        if (component == null || component.variable() == null) return null;
        ReturnStmt ret = program.soleReturn();
        if (ret == null) return null;
        Expression term = termOf(ret.getExpression().get(), component.variable());
        if (term == null) return null;
        String change;
        if (term instanceof NameExpr) {
            term.replace(
                    new BinaryExpr(new DoubleLiteralExpr(number(factor)), term.clone(), BinaryExpr.Operator.MULTIPLY));
            change = "1.0 -> " + number(factor);
        } else {
            BinaryExpr product = (BinaryExpr) term;
            change = scale(isLiteral(product.getLeft()) ? product.getLeft() : product.getRight(), factor);
        }
        return change == null ? null : name + ": weight " + change + " in the total";
    }

    /**
     * The term of the total that is the variable, alone or times a literal, when the variable appears in the
     * total exactly once; null otherwise.
     */
    private static Expression termOf(Expression total, String variable) {
        long mentions = total.findAll(NameExpr.class).stream()
                .filter(n -> n.getNameAsString().equals(variable))
                .count();
        if (total instanceof NameExpr n && n.getNameAsString().equals(variable)) mentions = 1;
        if (mentions != 1) return null;
        for (Term term : ParsedProgram.terms(total)) {
            Expression e = term.expression();
            if (e instanceof NameExpr n && n.getNameAsString().equals(variable)) return e;
            if (e instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.MULTIPLY) {
                if (isLiteral(b.getLeft()) && isName(b.getRight(), variable)) return e;
                if (isName(b.getLeft(), variable) && isLiteral(b.getRight())) return e;
            }
        }
        return null;
    }

    private static boolean isName(Expression e, String name) {
        return e instanceof NameExpr n && n.getNameAsString().equals(name);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Functional form

    /** The shape a definition has now: exp, tanh, a square (or pow), or linear; null for a conditional. */
    static Shape shapeOf(Expression definition, String quantity) {
        if (definition instanceof ConditionalExpr) return null;
        List<String> calls = definition.findAll(MethodCallExpr.class).stream()
                .map(MethodCallExpr::getNameAsString)
                .toList();
        if (calls.contains("exp")) return Shape.EXP;
        if (calls.contains("tanh")) return Shape.TANH;
        if (calls.contains("pow")) return Shape.QUADRATIC;
        long reads = definition.findAll(Expression.class).stream()
                .filter(e -> (e instanceof FieldAccessExpr || e instanceof ArrayAccessExpr)
                        && !(e.getParentNode().orElse(null) instanceof ArrayAccessExpr)
                        && e.toString().equals(quantity))
                .count();
        return reads >= 2 ? Shape.QUADRATIC : Shape.LINEAR;
    }

    /**
     * The state quantity a component's own definition reads: the elements of one scalar field, one array
     * element, or a whole array whose every element it reads; null when it reads other things or none.
     */
    static List<String> quantityOf(ParsedProgram program, Expression definition, List<StateField> fields) {
        Set<String> reads = new LinkedHashSet<>();
        String field = null;
        for (FieldAccessExpr access : definition.findAll(FieldAccessExpr.class)) {
            if (!program.isStateAccess(access)) continue;
            if (field != null && !field.equals(access.getNameAsString())) return null;
            field = access.getNameAsString();
            Node parent = access.getParentNode().orElse(null);
            if (parent instanceof ArrayAccessExpr a && a.getName() == access) {
                if (!(a.getIndex() instanceof IntegerLiteralExpr)) return null;
                reads.add(a.toString());
            } else {
                reads.add(access.toString());
            }
        }
        if (field == null) return null;
        StateField stateField = null;
        for (StateField f : fields) if (f.name().equals(field)) stateField = f;
        if (stateField == null || !stateField.continuous()) return null;
        List<String> all = stateField.elements(program.stateName());
        if (stateField.kind() == StateField.Kind.DOUBLE) return all;
        if (reads.size() == 1 && !reads.contains(program.stateName() + "." + field)) return List.copyOf(reads);
        return new TreeSet<>(reads).equals(new TreeSet<>(all)) ? all : null;
    }

    /**
     * Rewrites a component's definition in another shape over the same quantity, with a new named constant:
     * "upright: exp bonus -> quadratic penalty, -0.1 * s.poleAngle^2".
     */
    static String reshape(ParsedProgram program, String name, Shape shape, double constant, List<StateField> fields) {
        if (shape == Shape.INDICATOR) return null;
        Component component = program.component(name);
        if (component == null || component.variable() == null) return null;
        VariableDeclarator v = program.topLevelLocal(component.variable());
        if (v == null || v.getInitializer().isEmpty()) return null;
        List<String> quantity = quantityOf(program, v.getInitializer().get(), fields);
        if (quantity == null) return null;
        Shape current = shapeOf(v.getInitializer().get(), quantity.get(0));
        if (current == null || current == shape) return null;
        Set<String> readBefore = new LinkedHashSet<>();
        v.getInitializer().get().findAll(NameExpr.class).forEach(read -> readBefore.add(read.getNameAsString()));
        String constantName = program.freshName(component.variable() + shape.constantSuffix());
        Statement declaration = program.topLevelStatement(v);
        int at = program.body().getStatements().indexOf(declaration);
        v.setInitializer(program.expression(shape.expression(quantity, constantName)));
        program.body()
                .getStatements()
                .add(at, program.statement("double " + constantName + " = " + number(constant) + ";"));
        readBefore.forEach(old -> dropUnusedConstant(program, old));
        return name + ": " + current.label() + " -> " + shape.label() + ", "
                + shape.formula(quantity, number(constant));
    }

    /**
     * Removes the declaration of {@code name} when it is a top-level local holding a literal (the old shape's weight
     * or temperature) that nothing reads any more.
     */
    private static void dropUnusedConstant(ParsedProgram program, String name) {
        VariableDeclarator v = program.topLevelLocal(name);
        if (v == null || program.uses(name) > 0) return;
        if (v.getInitializer().isEmpty() || !isLiteral(v.getInitializer().get())) return;
        if (!(v.getParentNode().orElse(null) instanceof VariableDeclarationExpr d)
                || d.getVariables().size() != 1) {
            return;
        }
        Statement statement = program.topLevelStatement(v);
        if (statement != null) program.body().getStatements().remove(statement);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Adding and dropping components

    /**
     * Adds a component on a state field the program does not read yet: a named constant and the value as new
     * locals before the first put, its put after the last one, its variable added to the total.
     * "added component 'cartVelocity' = -0.1 * s.cartVelocity^2".
     */
    static String add(ParsedProgram program, StateField field, Shape shape, double constant) {
        boolean fits = field.kind() == StateField.Kind.BOOLEAN
                ? shape == Shape.INDICATOR
                : field.continuous() && shape != Shape.INDICATOR;
        if (!fits) return null;
        List<Component> components = program.plainComponents();
        if (components == null || components.size() >= MAX_COMPONENTS) return null;
        if (program.stateFieldsRead().contains(field.name())) return null;
        ReturnStmt ret = program.soleReturn();
        String variable = program.freshName(field.name());
        String constantName = program.freshName(variable + shape.constantSuffix());
        List<String> elements = field.elements(program.stateName());
        var statements = program.body().getStatements();
        int definitions = components.isEmpty()
                ? statements.indexOf(ret)
                : statements.indexOf(components.get(0).statement());
        statements.add(
                definitions,
                program.statement("double " + variable + " = " + shape.expression(elements, constantName) + ";"));
        statements.add(definitions, program.statement("double " + constantName + " = " + number(constant) + ";"));
        int puts = components.isEmpty()
                ? statements.indexOf(ret)
                : statements.indexOf(components.getLast().statement()) + 1;
        statements.add(
                puts, program.statement(program.componentsName() + ".put(\"" + variable + "\", " + variable + ");"));
        Expression total = ret.getExpression().get();
        Expression left = total instanceof ConditionalExpr ? new EnclosedExpr(total.clone()) : total.clone();
        ret.setExpression(new BinaryExpr(left, new NameExpr(variable), BinaryExpr.Operator.PLUS));
        return "added component '" + variable + "' = " + shape.formula(elements, number(constant));
    }

    /**
     * Removes a component: its put, its term in the total and its definition, with the constants only it used.
     * Applies only when its variable is used nowhere else and the total keeps at least one term.
     */
    static String drop(ParsedProgram program, String name) {
        List<Component> components = program.plainComponents();
        Component component = program.component(name);
        if (components == null || components.size() < 2 || component == null || component.variable() == null) {
            return null;
        }
        String variable = component.variable();
        VariableDeclarator declarator = program.topLevelLocal(variable);
        if (declarator == null || program.uses(variable) != 2) return null;
        ReturnStmt ret = program.soleReturn();
        Expression total = ret.getExpression().get();
        Expression term = termOf(total, variable);
        List<Term> terms = ParsedProgram.terms(total);
        if (term == null || terms.size() < 2) return null;
        List<Term> kept = new ArrayList<>();
        for (Term t : terms) if (t.expression() != term) kept.add(t);
        Set<String> dependencies = program.definitionOf(component);
        ret.setExpression(ParsedProgram.sum(kept));
        component.statement().remove();
        removeDeclarator(declarator);
        boolean removed = true;
        while (removed) {
            removed = false;
            for (String local : dependencies) {
                VariableDeclarator d = program.topLevelLocal(local);
                if (d != null && program.uses(local) == 0) {
                    removeDeclarator(d);
                    removed = true;
                }
            }
        }
        return "dropped component '" + name + "'";
    }

    private static void removeDeclarator(VariableDeclarator declarator) {
        VariableDeclarationExpr declaration =
                (VariableDeclarationExpr) declarator.getParentNode().orElseThrow();
        if (declaration.getVariables().size() == 1)
            declaration.getParentNode().orElseThrow().remove();
        else declarator.remove();
    }
}
