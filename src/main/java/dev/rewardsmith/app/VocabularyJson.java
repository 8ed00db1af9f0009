package dev.rewardsmith.app;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.rewardsmith.search.Labelled;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Writes and reads every vocabulary enum ({@link Labelled}: proposer, selection mode, search and candidate state)
 * by its label, in the API and in stored JSON alike, so the spelling lives in the enum alone. An unknown word is
 * a mapping error naming the allowed ones (the error mapper turns it into a 400 with the field).
 */
@Singleton
public class VocabularyJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(module());
    }

    /** The module, for mappers made outside the server (the command line). */
    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("rewardsmith-vocabulary");
        module.addSerializer(Labelled.class, new StdSerializer<>(Labelled.class) {
            @Override
            public void serialize(Labelled value, JsonGenerator out, SerializerProvider provider) throws IOException {
                out.writeString(value.label());
            }
        });
        module.setDeserializers(new SimpleDeserializers() {
            @Override
            public JsonDeserializer<?> findEnumDeserializer(
                    Class<?> type, DeserializationConfig config, BeanDescription description) {
                return Labelled.class.isAssignableFrom(type) ? new LabelDeserializer(type) : null;
            }
        });
        return module;
    }

    private static final class LabelDeserializer extends JsonDeserializer<Object> {
        private final Class<?> type;
        private final List<Labelled> words;

        LabelDeserializer(Class<?> type) {
            this.type = type;
            this.words = Arrays.stream(type.getEnumConstants())
                    .map(Labelled.class::cast)
                    .toList();
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return context.handleUnexpectedToken(type, parser);
            }
            String text = parser.getText();
            for (Labelled word : words) {
                if (word.label().equals(text)) return word;
            }
            throw JsonMappingException.from(
                    parser,
                    "'" + text + "' is not one of "
                            + words.stream().map(Labelled::label).toList());
        }
    }
}
