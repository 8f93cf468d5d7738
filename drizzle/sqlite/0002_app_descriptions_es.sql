ALTER TABLE `apps` ADD `description_es` text DEFAULT '' NOT NULL;
--> statement-breakpoint
-- A demo district created before this migration: its apps get the descriptions a new one is seeded with
-- (only rows whose description is still the demo's own, so nothing a district wrote is touched).
UPDATE `apps` SET `description_es` = 'Listas de clase y aplicaciones de aprendizaje' WHERE `id` = 'app-clever' AND `description` = 'Class rostering and learning apps';
--> statement-breakpoint
UPDATE `apps` SET `description_es` = 'Correo, Drive y Classroom' WHERE `id` = 'app-google' AND `description` = 'Mail, Drive and Classroom';
--> statement-breakpoint
UPDATE `apps` SET `description_es` = 'Cursos y tareas' WHERE `id` = 'app-canvas' AND `description` = 'Courses and assignments';
--> statement-breakpoint
UPDATE `apps` SET `description_es` = 'Práctica de lectura' WHERE `id` = 'app-lexia' AND `description` = 'Reading practice';
--> statement-breakpoint
UPDATE `apps` SET `description_es` = 'Práctica de matemáticas y lenguaje' WHERE `id` = 'app-ixl' AND `description` = 'Math and language practice';
--> statement-breakpoint
UPDATE `apps` SET `description_es` = 'Lecciones y práctica' WHERE `id` = 'app-khan' AND `description` = 'Lessons and practice';
--> statement-breakpoint
UPDATE `apps` SET `description_es` = 'Planificación universitaria y profesional' WHERE `id` = 'app-naviance' AND `description` = 'College and career planning';
--> statement-breakpoint
UPDATE `apps` SET `description_es` = 'Avisa de ausencias y encuentra suplentes' WHERE `id` = 'app-frontline' AND `description` = 'Report absences and find substitutes';
--> statement-breakpoint
UPDATE `apps` SET `description` = 'Read stories and grow your own garden', `description_es` = 'Lee cuentos y haz crecer tu propio jardín' WHERE `id` = 'app-reading-garden' AND `description` = 'Practice app: a plain login form';
--> statement-breakpoint
UPDATE `apps` SET `description` = 'Count, add and solve number puzzles', `description_es` = 'Cuenta, suma y resuelve acertijos de números' WHERE `id` = 'app-math-meadow' AND `description` = 'Practice app: a React-controlled login form';
--> statement-breakpoint
UPDATE `apps` SET `description` = 'Explore plants, animals and the weather', `description_es` = 'Explora plantas, animales y el tiempo' WHERE `id` = 'app-science-sprouts' AND `description` = 'Practice app: a form inside a shadow root';
--> statement-breakpoint
UPDATE `apps` SET `description` = 'Spell words and earn stars', `description_es` = 'Deletrea palabras y gana estrellas' WHERE `id` = 'app-spelling-star' AND `description` = 'Practice app: a login form in a same-origin frame';
--> statement-breakpoint
UPDATE `apps` SET `description` = 'Build a story one step at a time', `description_es` = 'Crea un cuento paso a paso' WHERE `id` = 'app-story-steps' AND `description` = 'Practice app: username first, then password';
--> statement-breakpoint
UPDATE `apps` SET `description` = 'Learn to type, one key at a time', `description_es` = 'Aprende a escribir con el teclado, tecla a tecla' WHERE `id` = 'app-typing-trail' AND `description` = 'Practice app: accepts a direct sign-in POST';
--> statement-breakpoint
UPDATE `apps` SET `description` = 'Solve puzzles by giving a robot instructions', `description_es` = 'Resuelve acertijos dándole instrucciones a un robot' WHERE `id` = 'app-code-cove' AND `description` = 'Practice app: school code, username and password';
